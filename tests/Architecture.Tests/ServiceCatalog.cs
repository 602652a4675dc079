using System.Xml.Linq;

namespace SmePlatform.Architecture.Tests;

/// <summary>A service as found on disk: its folder under services/, its project file and its built assembly.</summary>
public sealed record ServiceProject(string Name, string Directory, string ProjectFile)
{
    /// <summary>The root namespace and assembly name: SmePlatform.&lt;folder&gt;.</summary>
    public string RootNamespace => "SmePlatform." + Name;

    /// <summary>The assembly built in the same configuration as this test (Debug or Release).</summary>
    public string AssemblyPath => Path.Combine(Directory, "bin", ServiceCatalog.Configuration, "net10.0", RootNamespace + ".dll");

    /// <summary>The project references, as full paths.</summary>
    public IReadOnlyList<string> ProjectReferences => ServiceCatalog.ProjectReferencesOf(ProjectFile);

    public override string ToString() => Name;
}

/// <summary>
/// Finds the services by looking, not by a list: every folder of services/ (but the building blocks) that holds a
/// web project is a service, so a new one is under these rules the day its folder exists.
/// </summary>
public static class ServiceCatalog
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The configuration this test was built in (bin/&lt;Configuration&gt;/net10.0), the services were built in the same.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static IReadOnlyList<ServiceProject> Services { get; } = Discover();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var service in Services)
        {
            data.Add(service.Name);
        }

        return data;
    }

    public static ServiceProject Named(string name) => Services.Single(s => s.Name == name);

    public static IReadOnlyList<string> ProjectReferencesOf(string projectFile)
    {
        var directory = Path.GetDirectoryName(projectFile)!;
        return XDocument.Load(projectFile).Descendants("ProjectReference")
            .Select(reference => Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/'))))
            .ToList();
    }

    private static List<ServiceProject> Discover() =>
        System.IO.Directory.GetDirectories(Path.Combine(RepoRoot, "services"))
            .Where(directory => Path.GetFileName(directory) != "BuildingBlocks")
            .Select(directory => (directory, project: System.IO.Directory.GetFiles(directory, "*.csproj").SingleOrDefault()))
            .Where(found => found.project is not null && File.ReadAllText(found.project).Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal))
            .Select(found => new ServiceProject(Path.GetFileName(found.directory), found.directory, found.project!))
            .OrderBy(service => service.Name, StringComparer.Ordinal)
            .ToList();

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmePlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SmePlatform.sln not found above the test's output folder.");
    }
}
