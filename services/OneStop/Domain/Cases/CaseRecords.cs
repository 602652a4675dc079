namespace SmePlatform.OneStop.Domain;

/// <summary>The stages of a consultation, in order (DOMAIN.md): hear the enterprise, name the theme, propose, follow up.</summary>
public enum ConsultationStage
{
    Hearing,
    Theme,
    Proposal,
    FollowUp,
}

public enum ConsultationChannel
{
    Counter,
    Phone,
    Online,
}

/// <summary>An outcome of a case for its enterprise, recorded when it happens (often months after the case closed).</summary>
public enum MilestoneKind
{
    BusinessStarted,
    JobsCreated,
    SalesIncrease,
    CapitalRaised,
}

/// <summary>A validated consultation record: stage, channel, who consulted, what was said, when.</summary>
public sealed record ConsultationEntry(ConsultationStage Stage, ConsultationChannel Channel, string Staff, string Text, DateTimeOffset OccurredAt);

/// <summary>A validated milestone: a jobs count for jobs created, an amount in CNY for sales increase and capital raised.</summary>
public sealed record MilestoneEntry(MilestoneKind Kind, int? Jobs, decimal? AmountCny, DateOnly AchievedOn, string Evidence);

/// <summary>The rules of a case's notes, consultation records and milestones; every error is keyed by its JSON field.</summary>
public static class CaseRecords
{
    public const int MaxTextLength = 4000;
    public const int MaxStaffLength = 100;
    public const int MaxEvidenceLength = 2000;

    /// <summary>More jobs than the largest SMEs employ (2,000 in industry, CN-2003) from one case is a typing error.</summary>
    public const int MaxJobs = 2000;

    /// <summary>CNY 10 billion: above the revenue ceiling of any SME class (CN-2003: 300 million); more is a typing error.</summary>
    public const decimal MaxAmountCny = 10_000_000_000m;

    /// <summary>
    /// A consultation stage needs the stage before it on the case first (a proposal needs a theme, a follow-up a
    /// proposal); any stage already reached may be recorded again, and a new hearing is always possible.
    /// </summary>
    public static DomainError? CheckStageOrder(IReadOnlyCollection<ConsultationStage> recorded, ConsultationStage stage)
    {
        if (stage == ConsultationStage.Hearing || recorded.Contains(stage - 1))
        {
            return null;
        }

        return DomainError.Conflict("consultation-stage-out-of-order",
            $"A {Name(stage)} record needs a {Name(stage - 1)} record on the case first (hearing → theme → proposal → follow-up).");
    }

    /// <summary>Validates a consultation record; the staff member defaults to the caller, the time to now.</summary>
    public static (ConsultationEntry? Entry, Dictionary<string, string[]> Errors) Consultation(
        string? stage, string? channel, string? staff, string? text, DateTimeOffset? occurredAt, string caller, DateTimeOffset openedAt, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var parsedStage = WireNames.Parse<ConsultationStage>(stage);
        if (parsedStage is null)
        {
            errors["stage"] = ["stage is hearing, theme, proposal or follow-up."];
        }

        var parsedChannel = WireNames.Parse<ConsultationChannel>(channel);
        if (parsedChannel is null)
        {
            errors["channel"] = ["channel is counter, phone or online."];
        }

        var who = string.IsNullOrWhiteSpace(staff) ? caller : staff.Trim();
        if (who.Length > MaxStaffLength)
        {
            errors["staff"] = [$"staff has at most {MaxStaffLength} characters."];
        }

        CheckText(errors, "text", text, MaxTextLength);
        var at = occurredAt ?? now;
        CheckTime(errors, "occurredAt", at, openedAt, now);
        return errors.Count > 0 ? (null, errors) : (new ConsultationEntry(parsedStage!.Value, parsedChannel!.Value, who, text!.Trim(), at), errors);
    }

    /// <summary>Validates a free note's text.</summary>
    public static Dictionary<string, string[]> Note(string? text)
    {
        var errors = new Dictionary<string, string[]>();
        CheckText(errors, "text", text, MaxTextLength);
        return errors;
    }

    /// <summary>
    /// Validates a milestone: the figure its kind needs and no other (jobs 1..<see cref="MaxJobs"/>; CNY amounts above 0, at
    /// most two decimals, up to <see cref="MaxAmountCny"/>; business started has none), the day it was achieved (not in the
    /// future in Asia/Shanghai, not before the case was opened) and the evidence.
    /// </summary>
    public static (MilestoneEntry? Entry, Dictionary<string, string[]> Errors) Milestone(
        string? kind, int? jobs, decimal? amountCny, DateOnly? achievedOn, string? evidence, DateTimeOffset openedAt, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var parsedKind = WireNames.Parse<MilestoneKind>(kind);
        if (parsedKind is null)
        {
            errors["kind"] = ["kind is business-started, jobs-created, sales-increase or capital-raised."];
        }

        var needsJobs = parsedKind == MilestoneKind.JobsCreated;
        var needsAmount = parsedKind is MilestoneKind.SalesIncrease or MilestoneKind.CapitalRaised;
        if (needsJobs && jobs is null)
        {
            errors["jobs"] = ["jobs-created needs jobs: the number of jobs created."];
        }
        else if (jobs is { } count && parsedKind is not null && !needsJobs)
        {
            errors["jobs"] = [$"jobs belongs to jobs-created only, not {Name(parsedKind.Value)}."];
        }
        else if (jobs is < 1 or > MaxJobs)
        {
            errors["jobs"] = [$"jobs is 1 to {MaxJobs:N0}."];
        }

        if (needsAmount && amountCny is null)
        {
            errors["amountCny"] = [$"{Name(parsedKind!.Value)} needs amountCny, in yuan."];
        }
        else if (amountCny is not null && parsedKind is not null && !needsAmount)
        {
            errors["amountCny"] = [$"amountCny belongs to sales-increase and capital-raised only, not {Name(parsedKind.Value)}."];
        }
        else if (amountCny is { } amount && (amount <= 0 || amount > MaxAmountCny || decimal.Round(amount, 2) != amount))
        {
            errors["amountCny"] = [$"amountCny is above 0 and at most {MaxAmountCny:N0} yuan, with at most two decimals."];
        }

        var openedOn = WorkingDayCalendar.LocalDate(openedAt);
        var today = WorkingDayCalendar.LocalDate(now);
        if (achievedOn is null)
        {
            errors["achievedOn"] = ["achievedOn is the day the milestone was reached (yyyy-MM-dd)."];
        }
        else if (achievedOn > today)
        {
            errors["achievedOn"] = [$"achievedOn cannot be in the future (today is {today:yyyy-MM-dd} in Shanghai)."];
        }
        else if (achievedOn < openedOn)
        {
            errors["achievedOn"] = [$"achievedOn cannot be before the case was opened ({openedOn:yyyy-MM-dd}): it is an outcome of the case."];
        }

        CheckText(errors, "evidence", evidence, MaxEvidenceLength);
        return errors.Count > 0
            ? (null, errors)
            : (new MilestoneEntry(parsedKind!.Value, jobs, amountCny, achievedOn!.Value, evidence!.Trim()), errors);
    }

    /// <summary>Kebab-case, as the API spells the enums (follow-up, business-started).</summary>
    public static string Name<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }


    private static void CheckText(Dictionary<string, string[]> errors, string field, string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = [$"{field} is required."];
        }
        else if (text.Trim().Length > max)
        {
            errors[field] = [$"{field} has at most {max} characters."];
        }
    }

    private static void CheckTime(Dictionary<string, string[]> errors, string field, DateTimeOffset at, DateTimeOffset openedAt, DateTimeOffset now)
    {
        // A minute of slack for clocks of the counter PCs that run a little ahead of the server.
        if (at > now.AddMinutes(1))
        {
            errors[field] = [$"{field} cannot be in the future."];
        }
        else if (at < openedAt.AddMinutes(-1))
        {
            errors[field] = [$"{field} cannot be before the case was opened."];
        }
    }
}
