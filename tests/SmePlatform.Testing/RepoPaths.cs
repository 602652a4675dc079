namespace SmePlatform.Testing;

/// <summary>Where things are in the repository, seen from a running test assembly.</summary>
public static class RepoPaths
{
    private const string SolutionFile = "SmePlatform.sln";
    private const string DefaultTargetFramework = "net10.0";

    /// <summary>The folder holding SmePlatform.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The build configuration the tests themselves were built with (Release or Debug), read from the
    /// test assembly's own output path (bin/&lt;Configuration&gt;/&lt;tfm&gt;/), so that tests run the
    /// service binaries of the same build.
    /// </summary>
    public static string Configuration { get; } = DetectOutputSegment(offset: 1) ?? "Release";

    /// <summary>The target framework folder of the test build (net10.0).</summary>
    public static string TargetFramework { get; } = DetectOutputSegment(offset: 2) ?? DefaultTargetFramework;

    /// <summary>infra/local/&lt;name&gt; (postgres.sh, rabbitmq.sh).</summary>
    public static string InfraScript(string name) => Path.Combine(Root, "infra", "local", name);

    /// <summary>
    /// The built dll of a project, e.g. ("services/OneStop", "SmePlatform.OneStop") →
    /// Root/services/OneStop/bin/Release/net10.0/SmePlatform.OneStop.dll.
    /// </summary>
    public static string ServiceDll(string projectRelativeDir, string assemblyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectRelativeDir);
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyName);
        var projectDir = Path.Combine(Root, projectRelativeDir.Replace('/', Path.DirectorySeparatorChar));
        return Path.Combine(projectDir, "bin", Configuration, TargetFramework, assemblyName + ".dll");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                return dir.FullName;
        }

        throw new InvalidOperationException(
            $"No {SolutionFile} found in {AppContext.BaseDirectory} or any parent folder; tests must run from a build inside the repository.");
    }

    private static string? DetectOutputSegment(int offset)
    {
        var segments = AppContext.BaseDirectory.Split(
            Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(segments, "bin");
        return bin >= 0 && bin + offset < segments.Length ? segments[bin + offset] : null;
    }
}
