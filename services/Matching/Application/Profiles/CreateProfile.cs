using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Matching.Clients;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Application.Profiles;

/// <summary>A profile to draft for the enterprise of <paramref name="Uscc"/>, with its needs and offers inline.</summary>
public sealed record CreateProfileRequest(
    string? Uscc, string? Outline, IReadOnlyList<string>? Products, IReadOnlyList<ProcessInput>? Processes, IReadOnlyList<string>? Certifications,
    string? ExportExperience, IReadOnlyList<string>? Languages, IReadOnlyList<ListingInput>? Listings);

/// <summary>
/// An intermediary drafts a partnering profile: every input problem is named at once; the enterprise must be in the
/// register (its identity comes from there, not from the request); one profile per enterprise.
/// </summary>
public sealed class CreateProfileHandler(ProfileStore profiles, ConfigurationStore configuration, EnterpriseRegister register, UnitOfWorkFactory units,
    TimeProvider clock)
{
    public const string Title = "The profile cannot be drafted.";

    public async Task<Outcome<ProfileView>> HandleAsync(CreateProfileRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var input = new ProfileInput(request.Outline, request.Products, request.Processes, request.Certifications, request.ExportExperience,
            request.Languages, request.Listings);
        var placeholder = new EnterpriseIdentity(Guid.Empty, "", "", "", "");
        var check = ProfileDraft.Create(Guid.Empty, "", placeholder, input, "", Guid.CreateVersion7, DateOnly.FromDateTime(now.UtcDateTime));
        var errors = new FieldErrors();
        foreach (var error in check.Errors)
        {
            errors.Add(error.Field!, error.Message);
        }

        var uscc = request.Uscc?.Trim().ToUpperInvariant() ?? "";
        errors.AddIf(uscc.Length != 18, "uscc", "The enterprise's 18-character Unified Social Credit Code.");
        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        EnterpriseIdentity enterprise;
        switch (await register.FindByUsccAsync(uscc, ct))
        {
            case RegisterAnswer.Found { Active: true } found:
                enterprise = found.Enterprise;
                break;
            case RegisterAnswer.Found:
                return Refusal.Conflict("enterprise-inactive", Title, "The register holds this enterprise as closed or merged; it has no partnering profile.");
            case RegisterAnswer.NotFound:
                return Refusal.Invalid(Title, "uscc", "No enterprise is registered with this code; it registers at a ward one-stop counter first.");
            case RegisterAnswer.Invalid refused:
                return Refusal.Invalid(Title, "uscc", refused.Message);
            case RegisterAnswer.Unavailable unavailable:
                return new Refusal("register-unavailable", RefusalKind.Conflict, "The enterprise register cannot be reached.", unavailable.Detail);
            default:
                throw new InvalidOperationException("Unknown register answer.");
        }

        if (await profiles.ExistsForEnterpriseAsync(enterprise.EnterpriseId, ct))
        {
            return Refusal.Conflict("profile-exists", Title, "This enterprise already has a partnering profile.");
        }

        var config = await configuration.CurrentAsync(ct);
        var code = ProfileCode.Format(PartneringProfile.CodeType(check.Value!.Listings), now.Year, await profiles.NextCodeNumberAsync(ct));
        var profile = check.Value with { Id = Guid.CreateVersion7(), Code = code, Enterprise = enterprise, DraftedBy = Viewer.Of(caller).Id };

        await using var unit = await units.BeginAsync(ct);
        ProfileStore.Insert(unit, profile, now);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "profile.drafted", "profile", profile.Id.ToString(), null, profile), ct);
        try
        {
            await unit.CommitAsync(ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            return Refusal.Conflict("profile-exists", Title, "This enterprise already has a partnering profile.");
        }

        return ProfileView.Of(profile, now, config.RenewalReminderDays);
    }
}
