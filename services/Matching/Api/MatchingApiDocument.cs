using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching.Api;

/// <summary>The partnership-matching API's OpenAPI document at /api/matching/openapi.json (built as every service's: ApiDocuments).</summary>
public static class MatchingApiDocument
{
    public static readonly ApiDocument Document = new(
        "/api/matching",
        "SmePlatform partnership matching API (企业合作撮合)",
        "Partnering profiles with typed needs and offers, suggestions with an explained score 0-100, introductions "
        + "whose identities are revealed only when both sides have accepted, intermediated cases from enquiry to "
        + "contract, follow-up ratings, and the queue of counter referrals. Rules: docs/matching-rules.md. Enums are written by name.");
}
