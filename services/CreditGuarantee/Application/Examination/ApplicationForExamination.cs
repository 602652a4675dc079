using Npgsql;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Clients;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <summary>
/// The application in full for examination: the examiner's view, plus the register's live data (asked over gRPC while
/// the database is read; a register that does not answer leaves the stored snapshot, never an error), today's exposure
/// against every cap, the borrower's other applications at any bank, and the enterprise's latest diagnosis when the
/// application carries its consent (asked alongside the register; a Diagnosis service that does not answer shows as
/// unavailable, never as "no diagnosis").
/// </summary>
public sealed class ApplicationForExaminationHandler(NpgsqlDataSource dataSource, UnitOfWorkFactory units, IEnterpriseRegister register,
    DiagnosisReads diagnoses, TimeProvider clock)
{
    public async Task<Outcome<ExaminerApplicationView>> HandleAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = ServiceClock.Today(now);
        ApplicationRow row;
        IReadOnlyList<HistoryRow> history;
        GuaranteeConfiguration config;
        Task<RegisterAnswer> registered;
        Task<DiagnosisRead> diagnosed;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (await ApplicationStore.FindAsync(connection, null, id, null, cancellationToken) is not { } found)
            {
                return Refusals.NotFound();
            }

            row = found;
            // Asked first: the register's round trip overlaps the database reads below.
            registered = register.FindByUsccAsync(row.Uscc, cancellationToken);
            diagnosed = diagnoses.ReadAsync(row, cancellationToken);
            history = await ApplicationStore.HistoryAsync(connection, null, id, cancellationToken);
            config = await ConfigurationStore.CurrentAsync(connection, null, today, cancellationToken);
        }

        var section = row.IndustryCode.Length > 0 ? row.IndustryCode[0] : '?';
        var subject = new ScreeningSubject(row.Id, row.BankId, today, section, row.Ward);
        ExposureSnapshot exposure;
        IReadOnlyList<BorrowerApplicationRow> others;
        await using (var unit = await units.BeginAsync(cancellationToken))
        {
            // Read only: the unit of work is never committed; ExposureAsync is the very query the decision uses.
            exposure = await ApplicationStore.ExposureAsync(unit, row.Id, row.EnterpriseId, row.BankId, section, row.Ward, cancellationToken);
            others = await ExaminerQueries.OtherApplicationsAsync(unit.Connection, row.EnterpriseId, row.Id, cancellationToken);
        }

        decimal? guaranteed = LoanRequest.Validate(config, row.Loan).Count == 0 ? CoverageCalculator.Compute(config, row.Loan).GuaranteedAmount : null;
        var exposureSection = new ExposureSection(today, guaranteed, ExposureHeadroom.For(config, subject, exposure),
            guaranteed is { } amount ? Screening.Limits(config, subject, exposure, amount).Checks : [], Money.Currency);
        var diagnosis = await diagnosed;
        return ApplicationViews.ForExaminer(row, history, config, now) with
        {
            Diagnosis = ApplicationViews.Diagnosis(diagnosis.Use(config.Grading, row, today), diagnosis.Report, row, config.Grading, today),
            Register = ApplicationViews.Register(row, await registered),
            Exposure = exposureSection,
            OtherApplications = [.. others.Select(o => ApplicationViews.Borrower(o, row, config.Workflow))],
        };
    }
}
