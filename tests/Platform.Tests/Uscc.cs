namespace SmePlatform.Platform.Tests;

/// <summary>
/// Makes valid Unified Social Credit Codes the way a client would: from the published rule (GB 32100-2015), not
/// from the service's code, so the check is independent.
/// </summary>
public static class Uscc
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string New(string division = "210102")
    {
        var body = "91" + division + new string(Random.Shared.GetItems(Alphabet.AsSpan(), 9));
        var sum = body.Select((c, i) => Alphabet.IndexOf(c, StringComparison.Ordinal) * Weights[i]).Sum();
        return body + Alphabet[(31 - sum % 31) % 31];
    }
}
