using Npgsql;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Clients;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <summary>
/// What was read of an enterprise's diagnosis for one application: nothing (<see cref="NotAsked"/>: no consent), or the
/// Diagnosis service's answer for the enterprise <see cref="EnterpriseId"/>.
/// </summary>
public sealed record DiagnosisRead(Guid? EnterpriseId, DiagnosisAnswer? Answer)
{
    public static readonly DiagnosisRead NotAsked = new(null, null);

    public DiagnosisReport? Report => (Answer as DiagnosisAnswer.Found)?.Report;

    /// <summary>
    /// The use the decision makes of it for <paramref name="row"/> under <paramref name="rules"/>. An application with
    /// consent whose diagnosis was not read (or read for another enterprise) has it unavailable, never "none".
    /// </summary>
    public DiagnosisUse Use(GradingRules rules, ApplicationRow row, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!row.ConsentDiagnosis)
        {
            return DiagnosisUses.Evaluate(rules, consented: false, null, on);
        }

        return EnterpriseId == row.EnterpriseId ? Answer switch
        {
            DiagnosisAnswer.Found found => DiagnosisUses.Evaluate(rules, consented: true, found.Report.Summary, on),
            DiagnosisAnswer.None => DiagnosisUses.Evaluate(rules, consented: true, null, on),
            DiagnosisAnswer.Unavailable unavailable => DiagnosisUses.Unavailable(unavailable.Detail),
            _ => DiagnosisUses.Unavailable("it was not asked"),
        } : DiagnosisUses.Unavailable("it was not asked");
    }
}

/// <summary>
/// Reads an application's enterprise diagnosis from the Diagnosis service, only when the application carries the
/// enterprise's consent (without it nothing is asked). Outside any transaction: an approval reads it before it takes
/// the exposure lock, so that a slow Diagnosis service never holds the fund's other approvals.
/// </summary>
public sealed class DiagnosisReads(IDiagnosisSource source, NpgsqlDataSource dataSource)
{
    public const string UnavailableCode = "diagnosis-unavailable";

    public async Task<DiagnosisRead> ReadAsync(ApplicationRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.ConsentDiagnosis
            ? new DiagnosisRead(row.EnterpriseId, await source.LatestAsync(row.EnterpriseId, row.Id, cancellationToken))
            : DiagnosisRead.NotAsked;
    }

    /// <summary>The read for an approval of application <paramref name="id"/> (a missing application is the write's own 404).</summary>
    public async Task<DiagnosisRead> ForApprovalAsync(Guid id, CancellationToken cancellationToken)
    {
        ApplicationRow? row;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            row = await ApplicationStore.FindAsync(connection, null, id, null, cancellationToken);
        }

        return row is null ? DiagnosisRead.NotAsked : await ReadAsync(row, cancellationToken);
    }

    /// <summary>
    /// An approval of an application whose enterprise consented waits for its diagnosis (ADR 0058): refused, nothing
    /// changed, retry later; unless the configuration in force gives the diagnosis no weight.
    /// </summary>
    public static Refusal? RefuseWithout(DiagnosisUse use, GradingRules rules)
    {
        ArgumentNullException.ThrowIfNull(use);
        ArgumentNullException.ThrowIfNull(rules);
        return use.Status == DiagnosisStatus.Unavailable && rules.DiagnosisGrades > 0
            ? Refusal.Unavailable(UnavailableCode, "The enterprise's diagnosis cannot be read now; nothing was recorded.",
                "The enterprise consented to the use of its diagnosis in this decision and the Diagnosis service did not answer. Retry in a few minutes.")
            : null;
    }
}
