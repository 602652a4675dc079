namespace SmePlatform.OneStop.Domain;

/// <summary>
/// An enterprise on the register (the aggregate): its profile, size class and status, and the rules of changing it. Every
/// change answers the new state (version up by one) or the <see cref="DomainError"/> that refuses it; nothing else
/// changes an entry. The REST and gRPC APIs show this state as it is.
/// </summary>
public sealed record Enterprise
{
    public Guid Id { get; init; }

    public string Uscc { get; init; } = "";

    public string Name { get; init; } = "";

    public string? NameEn { get; init; }

    public string Ward { get; init; } = "";

    public string IndustryCode { get; init; } = "";

    public int Employees { get; init; }

    public decimal AnnualRevenue { get; init; }

    public decimal TotalAssets { get; init; }

    public string Currency { get; init; } = "CNY";

    public decimal? RegisteredCapital { get; init; }

    public string? LegalRepresentative { get; init; }

    public string? Address { get; init; }

    public string? LegalForm { get; init; }

    public string? OwnershipType { get; init; }

    /// <summary>legal-person-enterprise or individual-household; null when not given (older registrations).</summary>
    public string? Category { get; init; }

    public DateOnly? FoundingDate { get; init; }

    public string? ContactPhone { get; init; }

    /// <summary>micro, small, medium or large; null when the rule set does not cover the enterprise (see <see cref="SizeReason"/>).</summary>
    public string? SizeClass { get; init; }

    public string? SizeRuleSetId { get; init; }

    public int? SizeRuleSetVersion { get; init; }

    public string? SizeReason { get; init; }

    /// <summary>active or deactivated.</summary>
    public string Status { get; init; } = EnterpriseStatus.Active;

    /// <summary>closure or merger.</summary>
    public string? DeactivationReason { get; init; }

    public string? DeactivationNote { get; init; }

    public Guid? MergedInto { get; init; }

    public DateOnly? DeactivatedOn { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Incremented by every change; HTTP answers it as the ETag.</summary>
    public int RowVersion { get; init; }

    /// <summary>The register's row with the validated registration and its size classification applied.</summary>
    public Enterprise With(ValidRegistration registration, SizeClassification classification)
    {
        var profile = registration.ProfileOrEmpty;
        return this with
        {
            Uscc = registration.Uscc.Value,
            Name = registration.Name,
            NameEn = profile.NameEn,
            Ward = registration.Ward.Code,
            IndustryCode = registration.IndustryCode.Value,
            Employees = registration.Employees,
            AnnualRevenue = registration.AnnualRevenue,
            TotalAssets = registration.TotalAssets,
            RegisteredCapital = profile.RegisteredCapital,
            LegalRepresentative = profile.LegalRepresentative,
            Address = profile.Address,
            LegalForm = profile.LegalForm,
            OwnershipType = profile.OwnershipType,
            Category = profile.Category is { } category ? EnterpriseProfiles.Code(category) : null,
            FoundingDate = profile.FoundingDate,
            ContactPhone = profile.ContactPhone,
            SizeClass = classification.Class?.ToString().ToLowerInvariant(),
            SizeRuleSetId = classification.RuleSetId,
            SizeRuleSetVersion = classification.RuleSetVersion,
            SizeReason = classification.Reason,
        };
    }

    public bool IsActive => Status == EnterpriseStatus.Active;

    /// <summary>The size class a registration's figures give under <paramref name="ruleSet"/>.</summary>
    public static SizeClassification Classify(SizeRuleSet ruleSet, ValidRegistration registration) =>
        SizeClassifier.Classify(ruleSet, registration.IndustryCode,
            new EnterpriseFigures(registration.Employees, registration.AnnualRevenue, registration.TotalAssets));

    /// <summary>
    /// The entry replaced by a full registration, classified anew; the code of an entry never changes, and a deactivated
    /// entry no longer changes at all. The caller compares the answer with this one: a replacement that changes nothing
    /// is not a change.
    /// </summary>
    public DomainResult<Enterprise> Update(ValidRegistration registration, SizeClassification classification, DateTimeOffset now)
    {
        if (registration.Uscc.Value != Uscc)
        {
            return DomainResult.Fail<Enterprise>(DomainError.Invalid("uscc-immutable", "uscc",
                $"The Unified Social Credit Code of an entry never changes (this one holds {Uscc}); register the new code, then deactivate this entry as merged."));
        }

        return IsActive
            ? DomainResult.Ok(With(registration, classification) with { RowVersion = RowVersion + 1, UpdatedAt = now })
            : DomainResult.Fail<Enterprise>(Deactivated());
    }

    /// <summary>
    /// Off the active register: closure, or merger into <paramref name="target"/> (an active entry the caller may see;
    /// null when there is none such, <paramref name="cityWide"/> saying whether the caller looked beyond a ward).
    /// The entry and its history stay.
    /// </summary>
    public DomainResult<Enterprise> Deactivate(string reason, Guid? mergedInto, Enterprise? target, bool cityWide, DateOnly effectiveOn,
        string? note, DateTimeOffset now)
    {
        if (!IsActive)
        {
            return DomainResult.Fail<Enterprise>(Deactivated());
        }

        if (mergedInto is { } targetId && target is not { IsActive: true })
        {
            return DomainResult.Fail<Enterprise>(DomainError.Invalid("merge-target-unknown", "mergedInto",
                $"No active enterprise {targetId} is registered{(cityWide ? "" : " in your ward")}."));
        }

        return DomainResult.Ok(this with
        {
            Status = EnterpriseStatus.Deactivated,
            DeactivationReason = reason,
            DeactivationNote = string.IsNullOrEmpty(note) ? null : note,
            MergedInto = mergedInto,
            DeactivatedOn = effectiveOn,
            RowVersion = RowVersion + 1,
            UpdatedAt = now,
        });
    }

    /// <summary>
    /// This entry (the survivor) absorbs <paramref name="duplicate"/>, the same enterprise registered again (null when
    /// the caller cannot see it): the duplicate is deactivated as merged into this one, and this one's version goes up
    /// (its fields do not change). Both must be active.
    /// </summary>
    public DomainResult<EnterpriseMerger> Absorb(Enterprise? duplicate, Guid duplicateId, string reason, bool cityWide, DateOnly today,
        DateTimeOffset now)
    {
        if (!IsActive)
        {
            return DomainResult.Fail<EnterpriseMerger>(Deactivated());
        }

        if (duplicate is null)
        {
            return DomainResult.Fail<EnterpriseMerger>(DomainError.Invalid("duplicate-unknown", "duplicateId",
                $"No enterprise {duplicateId} is registered{(cityWide ? "" : " in your ward")}; only administrators merge across wards."));
        }

        if (!duplicate.IsActive)
        {
            return DomainResult.Fail<EnterpriseMerger>(DomainError.Conflict(EnterpriseErrors.DuplicateDeactivated, duplicate.MergedInto is { } into
                ? $"Enterprise {duplicate.Id} was already merged into {into} on {duplicate.DeactivatedOn:yyyy-MM-dd}."
                : $"Enterprise {duplicate.Id} was deactivated ({duplicate.DeactivationReason}) on {duplicate.DeactivatedOn:yyyy-MM-dd}."));
        }

        var merged = duplicate with
        {
            Status = EnterpriseStatus.Deactivated,
            DeactivationReason = "merger",
            DeactivationNote = reason,
            MergedInto = Id,
            DeactivatedOn = today,
            RowVersion = duplicate.RowVersion + 1,
            UpdatedAt = now,
        };
        return DomainResult.Ok(new EnterpriseMerger(this with { RowVersion = RowVersion + 1, UpdatedAt = now }, merged));
    }

    private DomainError Deactivated() => DomainError.Conflict(EnterpriseErrors.Deactivated,
        $"It was deactivated ({DeactivationReason}) on {DeactivatedOn:yyyy-MM-dd}; its entry no longer changes.");
}

/// <summary>The survivor after a merger (version up by one) and the duplicate, deactivated and pointing at it.</summary>
public sealed record EnterpriseMerger(Enterprise Survivor, Enterprise Merged);

/// <summary>The codes of the register's conflicts (the problem types clients switch on).</summary>
public static class EnterpriseErrors
{
    public const string Deactivated = "enterprise-deactivated";
    public const string DuplicateDeactivated = "duplicate-deactivated";
}

public static class EnterpriseStatus
{
    public const string Active = "active";
    public const string Deactivated = "deactivated";
}

