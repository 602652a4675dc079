namespace SmePlatform.Portal.Components.Shared;

/// <summary>
/// Compares the services' enumeration values whatever their spelling on the wire ("under_examination",
/// "UnderExamination", "under-examination"): the portal reads words, never a casing.
/// </summary>
public static class Wire
{
    public static string Key(string? value) =>
        string.Concat((value ?? "").Where(char.IsLetterOrDigit)).ToLowerInvariant();

    public static bool Is(string? value, string expected) => Key(value) == Key(expected);
}
