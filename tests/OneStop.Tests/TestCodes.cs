using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests;

/// <summary>Valid, unique Unified Social Credit Codes for tests (a Heping-registered limited company prefix).</summary>
public static class TestCodes
{
    public static string NewUscc()
    {
        var body = "91210102" + new string(Random.Shared.GetItems(UnifiedSocialCreditCode.Alphabet.AsSpan(), 9));
        return body + UnifiedSocialCreditCode.CheckCharacter(body);
    }
}
