using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Matching.Application.Profiles;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching.Api;

/// <summary>Partnering profiles: drafted, reviewed and published by intermediaries; read by staff who may see the enterprise.</summary>
public static class ProfileEndpoints
{
    public const string Readers = "intermediaries and the SME Office city-wide; advisors read profiles; counter staff their own ward's enterprises only";

    public static RouteGroupBuilder MapProfileEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/profiles").WithTags("Profiles");
        group.MapPost("/", CreateAsync).WithName("CreateProfile")
            .WithSummary("Draft a partnering profile (起草合作档案) with its needs and offers; answers with their ids.")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetProfile")
            .RequireAccess(Readers, Roles.Intermediary, Roles.SmeOffice, Roles.Advisor, Roles.CounterStaff)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/review", ReviewAsync).WithName("ReviewProfile")
            .WithSummary("Record an intermediary's review (审核); with the second-reviewer rule two different intermediaries review.")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/publication", PublishAsync).WithName("PublishProfile")
            .WithSummary("Publish a reviewed profile (发布) until it expires; its needs are matched at once.")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/renewal", RenewAsync).WithName("RenewProfile")
            .WithSummary("Renew a published profile (续期) for the configured validity, from the renewal reminder's window on or after it expired.")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/renewals-due", RenewalsDueAsync).WithName("ListRenewalsDue")
            .WithSummary("The renewal reminders (续期提醒): published profiles expiring within the reminder's window, or expired, soonest first.")
            .RequireAccess("intermediaries and the SME Office, city-wide", Roles.Intermediary, Roles.SmeOffice);
        return group;
    }

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> RenewAsync(Guid id, RenewProfileHandler handler, ClaimsPrincipal caller,
        CancellationToken ct) =>
        (await handler.HandleAsync(new RenewProfileRequest(id), caller, ct)).Match<Results<Ok<ProfileView>, ProblemHttpResult>>(
            v => TypedResults.Ok(v), refusal => refusal.ToProblem());

    private static async Task<Ok<IReadOnlyList<RenewalDueView>>> RenewalsDueAsync(ListRenewalsDueHandler handler, ClaimsPrincipal caller, CancellationToken ct) =>
        TypedResults.Ok((await handler.HandleAsync(new ListRenewalsDueRequest(), caller, ct)).Value);

    private static async Task<Results<Created<ProfileView>, ProblemHttpResult>> CreateAsync(CreateProfileRequest request, CreateProfileHandler handler,
        ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(request, caller, ct)).Match<Results<Created<ProfileView>, ProblemHttpResult>>(
            view => TypedResults.Created($"/api/matching/profiles/{view.Id}", view), refusal => refusal.ToProblem());

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> GetAsync(Guid id, GetProfileHandler handler, ClaimsPrincipal caller,
        CancellationToken ct) =>
        (await handler.HandleAsync(new GetProfileRequest(id), caller, ct)).Match<Results<Ok<ProfileView>, ProblemHttpResult>>(
            v => TypedResults.Ok(v), refusal => refusal.ToProblem());

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> ReviewAsync(Guid id, ReviewProfileHandler handler, ClaimsPrincipal caller,
        CancellationToken ct) =>
        (await handler.HandleAsync(new ReviewProfileRequest(id), caller, ct)).Match<Results<Ok<ProfileView>, ProblemHttpResult>>(
            v => TypedResults.Ok(v), refusal => refusal.ToProblem());

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> PublishAsync(Guid id, PublishProfileHandler handler, ClaimsPrincipal caller,
        CancellationToken ct) =>
        (await handler.HandleAsync(new PublishProfileRequest(id), caller, ct)).Match<Results<Ok<ProfileView>, ProblemHttpResult>>(
            v => TypedResults.Ok(v), refusal => refusal.ToProblem());
}
