namespace SmePlatform.Architecture.Tests;

/// <summary>
/// The same shape in every service (docs/architecture.md, CONTRIBUTING.md): independent projects, one short
/// Program.cs calling the service's module, the same top-level folders with the same meaning, small files.
/// </summary>
public sealed class ServiceShapeTests
{
    /// <summary>Components: a web front end's pages and their parts (the staff portal's Razor components).</summary>
    private static readonly HashSet<string> Folders =
        ["Domain", "Application", "Api", "Grpc", "Clients", "Data", "Integration", "Migrations", "Localization", "Components", "Properties", "bin", "obj"];

    private const int MaxLines = 300;

    [Fact]
    public void The_services_are_found_on_disk()
    {
        Assert.Contains(ServiceCatalog.Services, service => service.Name == "OneStop");
        Assert.Contains(ServiceCatalog.Services, service => service.Name == "CreditGuarantee");
        Assert.True(ServiceCatalog.Services.Count >= 5, string.Join(", ", ServiceCatalog.Services));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void No_service_references_another(string name)
    {
        var service = ServiceCatalog.Named(name);
        var others = ServiceCatalog.Services.Where(other => other != service).Select(other => other.Directory + Path.DirectorySeparatorChar);

        var offending = service.ProjectReferences.Where(reference => others.Any(other => reference.StartsWith(other, StringComparison.Ordinal)));

        Assert.Empty(offending);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Program_is_the_shared_sequence_and_calls_the_module(string name)
    {
        var service = ServiceCatalog.Named(name);
        var lines = File.ReadAllLines(Path.Combine(service.Directory, "Program.cs"))
            .Where(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("using ", StringComparison.Ordinal)).ToList();

        Assert.Contains(lines, line => line.Contains($"builder.Add{name}Module()", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($"app.Map{name}Module()", StringComparison.Ordinal));
        Assert.True(lines.Count <= 12, $"Program.cs of {name} has {lines.Count} lines of code; registrations belong in {name}Module.cs.");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Top_level_folders_have_the_one_meaning(string name)
    {
        var service = ServiceCatalog.Named(name);
        var unknown = Directory.GetDirectories(service.Directory).Select(Path.GetFileName).Where(folder => !Folders.Contains(folder!));

        Assert.Empty(unknown);
    }

    [Fact]
    public void Source_files_stay_small()
    {
        var roots = new[] { "services", "gateway" }.Select(root => Path.Combine(ServiceCatalog.RepoRoot, root));
        var large = roots.SelectMany(root => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(file => (file: Path.GetRelativePath(ServiceCatalog.RepoRoot, file), lines: File.ReadLines(file).Count()))
            .Where(found => found.lines >= MaxLines)
            .Select(found => $"{found.file} ({found.lines} lines)");

        Assert.Empty(large);
    }

    public static TheoryData<string> Services() => ServiceCatalog.Names();
}
