namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// What the decision takes from the enterprise's latest diagnosis: its pre-sort group (002:L1405-1411: A needs no
/// external support, B will improve with support, C cannot benefit) and the day the advisor completed it. The Diagnosis
/// service answers it (smeplatform.diagnosis.v1.Diagnoses/GetLatest), only for an application with the enterprise's consent.
/// </summary>
public sealed record DiagnosisSummary(DiagnosisBand Band, DateOnly AssessedOn);

public enum DiagnosisStatus
{
    /// <summary>The enterprise did not consent: the fund does not ask for its diagnosis at all.</summary>
    NotConsented,

    /// <summary>Consented, but there is no diagnosis to use (none made, or none with a pre-sort).</summary>
    NoneAvailable,

    /// <summary>Consented, but the latest diagnosis is older than the configured maximum age.</summary>
    TooOld,

    /// <summary>Consented and recent: it moves the risk grade by at most the configured number of grades.</summary>
    Used,

    /// <summary>Consented, but the Diagnosis service could not be asked: no decision may be computed as if there were none.</summary>
    Unavailable,
}

/// <summary>
/// Whether the decision may use a diagnosis, and the input it then gets. <see cref="ForDecision"/> is null unless the
/// enterprise consented and a diagnosis exists; a too-old one is still passed so that the decision's reasons say why
/// it was not used (<see cref="RiskGrading.ApplyDiagnosis"/>).
/// </summary>
public sealed record DiagnosisUse(DiagnosisStatus Status, DiagnosisSummary? Latest, LatestDiagnosis? ForDecision, string Explanation);

public static class DiagnosisUses
{
    /// <summary>Where the diagnosis comes from, for people reading an application.</summary>
    public const string Source =
        "The Diagnosis service (enterprise statements, Local Benchmark indicators, the advisor's management assessment): the enterprise's latest diagnosis, read only for an application that carries its consent; every read is recorded there.";

    /// <summary>
    /// Decides the use of the enterprise's latest diagnosis from the application's consent flag (docs/guarantee-rules.md
    /// "Diagnosis"): used only with consent and while at most <see cref="GradingRules.DiagnosisMaxAgeMonths"/> old; it
    /// moves the grade by at most <see cref="GradingRules.DiagnosisGrades"/> grades.
    /// </summary>
    public static DiagnosisUse Evaluate(GradingRules rules, bool consented, DiagnosisSummary? latest, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!consented)
        {
            return new(DiagnosisStatus.NotConsented, null, null,
                "The enterprise has not consented to the use of its diagnosis: nothing was read, and the grade rests on the financial statements alone.");
        }

        if (latest is null)
        {
            return new(DiagnosisStatus.NoneAvailable, null, null,
                "No diagnosis available: the Diagnosis service holds no diagnosis of the enterprise with a pre-sort group, so the grade rests on the financial statements alone.");
        }

        var forDecision = new LatestDiagnosis(latest.Band, latest.AssessedOn, ConsentGiven: true);
        return RiskGrading.IsRecent(rules, latest.AssessedOn, on)
            ? new(DiagnosisStatus.Used, latest, forDecision, rules.DiagnosisGrades == 0
                ? $"Diagnosis band {latest.Band} of {latest.AssessedOn:yyyy-MM-dd} is read, but the configuration gives the diagnosis no weight (0 grades)."
                : $"Diagnosis band {latest.Band} of {latest.AssessedOn:yyyy-MM-dd} is used: it moves the risk grade by at most {rules.DiagnosisGrades} grade(s).")
            : new(DiagnosisStatus.TooOld, latest, forDecision,
                $"The diagnosis of {latest.AssessedOn:yyyy-MM-dd} is older than {rules.DiagnosisMaxAgeMonths} months and is not used.");
    }

    /// <summary>
    /// The enterprise consented but the Diagnosis service could not be asked (ADR 0058): the file says so and shows the
    /// grade on the statements alone as provisional; an approval waits until the diagnosis can be read.
    /// </summary>
    public static DiagnosisUse Unavailable(string detail) =>
        new(DiagnosisStatus.Unavailable, null, null,
            $"Diagnosis unavailable: {detail}. Retry later: the enterprise consented to the use of its diagnosis, so the grade shown without it is provisional and no approval is recorded until it can be read.");
}
