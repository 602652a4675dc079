namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// What the Diagnosis service will answer for an enterprise: its latest management-assessment band and when the
/// advisor assessed it (002:L1405-1411). The service does not exist yet; nothing produces this today.
/// </summary>
public sealed record DiagnosisSummary(DiagnosisBand Band, DateOnly AssessedOn);

public enum DiagnosisStatus
{
    /// <summary>The enterprise did not consent: the fund does not ask for its diagnosis at all.</summary>
    NotConsented,

    /// <summary>Consented, but there is no diagnosis to use (none made, or no source to ask yet).</summary>
    NoneAvailable,

    /// <summary>Consented, but the latest diagnosis is older than the configured maximum age.</summary>
    TooOld,

    /// <summary>Consented and recent: it moves the risk grade by at most one notch.</summary>
    Used,
}

/// <summary>
/// Whether the decision may use a diagnosis, and the input it then gets. <see cref="ForDecision"/> is null unless the
/// enterprise consented and a diagnosis exists; a too-old one is still passed so that the decision's reasons say why
/// it was not used (<see cref="RiskGrading.ApplyDiagnosis"/>).
/// </summary>
public sealed record DiagnosisUse(DiagnosisStatus Status, DiagnosisSummary? Latest, LatestDiagnosis? ForDecision, string Explanation);

public static class DiagnosisUses
{
    /// <summary>Where the diagnosis will come from, for people reading an application.</summary>
    public const string PlannedSource =
        "The Diagnosis service (enterprise statements, ratios and the advisor's management assessment A/B/C) will provide the latest assessment; it is not in service yet.";

    /// <summary>
    /// Decides the use of the enterprise's latest diagnosis from the application's consent flag. Provisional rule
    /// (docs/guarantee-rules.md "Diagnosis"): used only with consent and while at most
    /// <see cref="GradingRules.DiagnosisMaxAgeMonths"/> old; it moves the grade one notch at most.
    /// </summary>
    public static DiagnosisUse Evaluate(GradingRules rules, bool consented, DiagnosisSummary? latest, DateOnly on)
    {
        if (!consented)
        {
            return new(DiagnosisStatus.NotConsented, null, null,
                "The enterprise has not consented to the use of its diagnosis: the grade rests on the financial statements alone.");
        }

        if (latest is null)
        {
            return new(DiagnosisStatus.NoneAvailable, null, null,
                "No diagnosis available: the grade rests on the financial statements alone. " + PlannedSource);
        }

        var forDecision = new LatestDiagnosis(latest.Band, latest.AssessedOn, ConsentGiven: true);
        return RiskGrading.IsRecent(rules, latest.AssessedOn, on)
            ? new(DiagnosisStatus.Used, latest, forDecision,
                $"Diagnosis band {latest.Band} of {latest.AssessedOn:yyyy-MM-dd} is used: it moves the risk grade by at most one notch.")
            : new(DiagnosisStatus.TooOld, latest, forDecision,
                $"The diagnosis of {latest.AssessedOn:yyyy-MM-dd} is older than {rules.DiagnosisMaxAgeMonths} months and is not used.");
    }
}
