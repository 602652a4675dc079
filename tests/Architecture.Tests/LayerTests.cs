using NetArchTest.Rules;

namespace SmePlatform.Architecture.Tests;

/// <summary>
/// What each folder of a service may depend on (docs/architecture.md): the domain on the BCL alone, the use cases on
/// no transport, the REST endpoints on no database driver. Read from the built assemblies, for every service found.
/// </summary>
public sealed class LayerTests
{
    /// <summary>
    /// The shared kernel a domain may use besides the BCL: pure rules several services need (the working-day
    /// calendar), themselves held to the same rule below.
    /// </summary>
    private const string SharedKernel = "SmePlatform.SharedKernel";

    /// <summary>The parts of the BCL that are I/O: a domain rule never reads a file, a socket or a database.</summary>
    private static readonly string[] InputOutput = ["System.IO", "System.Net", "System.Data"];

    [Theory]
    [MemberData(nameof(ServicesWithRules))]
    public void The_domain_depends_on_nothing_but_the_BCL(string name)
    {
        var service = ServiceCatalog.Named(name);
        var domain = service.RootNamespace + ".Domain";
        var types = TypesOf(service).That().ResideInNamespace(domain);

        var foreign = types.ShouldNot().HaveDependencyOtherThan("System", SharedKernel, domain).GetResult();
        var io = TypesOf(service).That().ResideInNamespace(domain).ShouldNot().HaveDependencyOnAny(InputOutput).GetResult();

        Assert.NotEmpty(foreign.SelectedTypesForTesting ?? []);
        Assert.True(foreign.IsSuccessful, Describe($"{domain} uses types from outside the BCL", foreign));
        Assert.True(io.IsSuccessful, Describe($"{domain} does I/O", io));
    }

    [Fact]
    public void The_shared_kernel_depends_on_nothing_but_the_BCL()
    {
        var assembly = Path.Combine(ServiceCatalog.RepoRoot, "services", "BuildingBlocks", SharedKernel, "bin", ServiceCatalog.Configuration, "net10.0",
            SharedKernel + ".dll");
        var types = Types.FromFile(assembly, [Path.GetDirectoryName(assembly)!]);

        var foreign = types.ShouldNot().HaveDependencyOtherThan("System", SharedKernel).GetResult();
        var io = Types.FromFile(assembly, [Path.GetDirectoryName(assembly)!]).ShouldNot().HaveDependencyOnAny(InputOutput).GetResult();

        Assert.NotEmpty(foreign.SelectedTypesForTesting ?? []);
        Assert.True(foreign.IsSuccessful, Describe($"{SharedKernel} uses types from outside the BCL", foreign));
        Assert.True(io.IsSuccessful, Describe($"{SharedKernel} does I/O", io));
    }

    [Theory]
    [MemberData(nameof(ServicesWithRules))]
    public void Use_cases_answer_in_no_transport(string name)
    {
        var service = ServiceCatalog.Named(name);
        var result = TypesOf(service).That().ResideInNamespace(service.RootNamespace + ".Application")
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore", "Grpc.Core", "Google.Rpc").GetResult();

        Assert.NotEmpty(result.SelectedTypesForTesting ?? []);
        Assert.True(result.IsSuccessful, Describe("a use case knows HTTP or gRPC (it should return a value or a Refusal)", result));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Endpoints_never_touch_the_database_driver(string name)
    {
        var service = ServiceCatalog.Named(name);
        var result = TypesOf(service).That().ResideInNamespace(service.RootNamespace + ".Api")
            .Or().ResideInNamespace(service.RootNamespace + ".Grpc")
            .ShouldNot().HaveDependencyOnAny("Npgsql", "Dapper").GetResult();

        Assert.True(result.IsSuccessful, Describe("an endpoint uses Npgsql or Dapper (SQL belongs in Data/)", result));
    }

    [Fact]
    public void Contracts_depend_on_nothing_of_ours()
    {
        var project = Path.Combine(ServiceCatalog.RepoRoot, "contracts", "SmePlatform.Contracts", "SmePlatform.Contracts.csproj");
        var assembly = Path.Combine(Path.GetDirectoryName(project)!, "bin", ServiceCatalog.Configuration, "net10.0", "SmePlatform.Contracts.dll");

        var references = ServiceCatalog.ProjectReferencesOf(project);
        var result = Types.FromFile(assembly, [Path.GetDirectoryName(assembly)!])
            .Should().NotHaveDependencyOnAny("SmePlatform.ServiceDefaults", "SmePlatform.Data", "SmePlatform.Messaging", "SmePlatform.Application")
            .GetResult();

        Assert.Empty(references);
        Assert.True(result.IsSuccessful, Describe("the contracts use a building block", result));
    }

    public static TheoryData<string> Services() => ServiceCatalog.Names();

    /// <summary>
    /// The services that own rules and use cases. A front end (the staff portal: Components/, no Domain/) owns neither:
    /// it shows what the services' APIs answer. Everything else here holds for it too.
    /// </summary>
    public static TheoryData<string> ServicesWithRules()
    {
        var data = new TheoryData<string>();
        foreach (var service in ServiceCatalog.Services.Where(s => !Directory.Exists(Path.Combine(s.Directory, "Components"))))
        {
            data.Add(service.Name);
        }

        return data;
    }

    private static Types TypesOf(ServiceProject service)
    {
        Assert.True(File.Exists(service.AssemblyPath), $"{service.AssemblyPath} is not built (build the solution in {ServiceCatalog.Configuration} first).");
        return Types.FromFile(service.AssemblyPath, [Path.GetDirectoryName(service.AssemblyPath)!]);
    }

    private static string Describe(string what, TestResult result) =>
        what + ": " + string.Join(", ", (result.FailingTypes ?? []).Select(type => type.FullName + (type.Explanation is { Length: > 0 } why ? $" ({why})" : "")));
}
