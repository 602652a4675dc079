using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.OneStop.Api;

/// <summary>
/// The one-stop service centre's OpenAPI document at /api/onestop/openapi.json (built as every service's: ApiDocuments),
/// the contract a counter-system integrator (a ward's queue kiosk, a district case system) builds from.
/// </summary>
public static class OneStopApiDocument
{
    public static readonly ApiDocument Document = new(
        "/api/onestop",
        "SmePlatform one-stop service centre API",
        "The city's enterprise register, ward counters (walk-in queue), the service catalogue, cases and closed-loop "
        + "referrals. grant_type=password serves staff-operated systems, client_credentials a service identity issued by the "
        + "platform. Counter staff read and write their own ward only: another ward's record answers 404. Workflow refusals "
        + "called their code 'guard' before; it is 'code' now. Working days follow the mainland China holiday calendar.");
}
