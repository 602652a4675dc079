using System.Text.Json;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>One row of <c>applications</c>, as stored (JSON columns as text).</summary>
public sealed class ApplicationRow
{
    public Guid Id { get; set; }

    public string BankId { get; set; } = "";

    public string BankApplicationKey { get; set; } = "";

    public Guid EnterpriseId { get; set; }

    public string Uscc { get; set; } = "";

    public string EnterpriseName { get; set; } = "";

    public string Ward { get; set; } = "";

    public string IndustryCode { get; set; } = "";

    public decimal LoanAmount { get; set; }

    public string Currency { get; set; } = Money.Currency;

    public int TermMonths { get; set; }

    public string Purpose { get; set; } = "";

    public string? PurposeDetail { get; set; }

    public string Programme { get; set; } = "";

    public string InstalmentType { get; set; } = "";

    public int Instalments { get; set; }

    public decimal RequestedCoverage { get; set; }

    public string Collateral { get; set; } = "[]";

    public string FinancialStatements { get; set; } = "[]";

    public bool ConsentDiagnosis { get; set; }

    public bool ConsentCounselling { get; set; }

    public string State { get; set; } = "";

    public string? Examiner { get; set; }

    public string? SecondExaminer { get; set; }

    public string? Screening { get; set; }

    public string? ProposedDecision { get; set; }

    public string? Decision { get; set; }

    public string? InformationRequest { get; set; }

    public decimal? GuaranteedAmount { get; set; }

    public string Conditions { get; set; } = "[]";

    public string? Disbursement { get; set; }

    public decimal Outstanding { get; set; }

    public decimal ClaimFiled { get; set; }

    public decimal ClaimPaid { get; set; }

    public decimal Recovered { get; set; }

    public string ConfigurationId { get; set; } = "";

    public int ConfigurationVersion { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int RowVersion { get; set; }

    /// <summary>"bank" (partner-bank API) or "counter" (a one-stop counter's referral, <see cref="ReferralId"/> set).</summary>
    public string Channel { get; set; } = Channels.Bank;

    /// <summary>The OneStop referral this application answers; its transitions are reported back to the referral.</summary>
    public Guid? ReferralId { get; set; }

    public ApplicationState StateValue => States.Parse(State);

    public IReadOnlyList<CollateralItem> CollateralItems => StoredJson.Read<List<CollateralItem>>(Collateral) ?? [];

    public IReadOnlyList<FinancialStatement> Statements => StoredJson.Read<List<FinancialStatement>>(FinancialStatements) ?? [];

    public IReadOnlyList<GuaranteeCondition> ConditionList => StoredJson.Read<List<GuaranteeCondition>>(Conditions) ?? [];

    public ScreeningRecord? ScreeningRecord => StoredJson.Read<ScreeningRecord>(Screening);

    public DecisionRecord? DecisionRecord => StoredJson.Read<DecisionRecord>(Decision);

    public ProposedDecisionRecord? ProposedDecisionRecord => StoredJson.Read<ProposedDecisionRecord>(ProposedDecision);

    public Disbursement? DisbursementRecord => StoredJson.Read<Disbursement>(Disbursement);

    public InstalmentPlan Plan => new(InstalmentType == Instalment.Bullet ? Domain.InstalmentType.Bullet : Domain.InstalmentType.EqualInstalments, Instalments);

    public LoanRequest Loan => new(LoanAmount, TermMonths, Programme, RequestedCoverage, Plan);

    /// <summary>The workflow's view of this row (history is not loaded: Apply appends the new transitions to an empty list).</summary>
    public GuaranteeApplication ToDomain() => new(Id, BankId, BankApplicationKey, LoanAmount, StateValue, Examiner, SecondExaminer,
        GuaranteedAmount, ConditionList, DisbursementRecord, Outstanding, ClaimFiled, ClaimPaid, Recovered, []);

    /// <summary>Copies what the workflow changed back onto the row.</summary>
    public void CopyFrom(GuaranteeApplication application)
    {
        State = States.ToWire(application.State);
        Examiner = application.Examiner;
        SecondExaminer = application.SecondExaminer;
        GuaranteedAmount = application.GuaranteedAmount;
        Conditions = StoredJson.Write(application.Conditions);
        Disbursement = application.Disbursement is null ? null : StoredJson.Write(application.Disbursement);
        Outstanding = application.Outstanding;
        ClaimFiled = application.ClaimFiled;
        ClaimPaid = application.ClaimPaid;
        Recovered = application.Recovered;
    }
}

/// <summary>A collateral item the bank holds for the loan (real estate, equipment, receivables, intellectual property …).</summary>
public sealed record CollateralItem(string Type, string Description, decimal Value);

/// <summary>Screening as it ran: every rule with its outcome, and the configuration it used.</summary>
public sealed record ScreeningRecord(bool Passed, IReadOnlyList<ScreeningCheck> Checks, string ConfigurationId, int ConfigurationVersion,
    DateTimeOffset ScreenedAt);

/// <summary>
/// A decision with its reasons. Amounts in CNY. <see cref="RiskGrade"/> null with a grade text of "no balance sheet"
/// when there were no statements. <see cref="DecidedBy"/> is an examiner's id, or "screening".
/// </summary>
public sealed record DecisionRecord(
    string Outcome,
    string DecidedBy,
    string? CountersignedBy,
    DateTimeOffset DecidedAt,
    int? RiskGrade,
    string? RiskGradeText,
    decimal? Coverage,
    decimal? GuaranteedAmount,
    decimal? AnnualFeeRate,
    decimal? InstalmentFactor,
    decimal? Fee,
    string Currency,
    IReadOnlyList<ProposedCondition> Conditions,
    IReadOnlyList<string> Reasons,
    string ConfigurationId,
    int ConfigurationVersion);

/// <summary>An approval above the four-eyes threshold, proposed by the examiner and waiting for the second examiner.</summary>
public sealed record ProposedDecisionRecord(string Outcome, string ProposedBy, DateTimeOffset ProposedAt, IReadOnlyList<ProposedCondition> Conditions,
    DecisionRecord Decision);

/// <summary>One row of <c>application_history</c>.</summary>
public sealed record HistoryRow(Guid Id, string FromState, string ToState, string Action, string ActorId, string ActorRole, DateTimeOffset OccurredAt, string Note);

/// <summary>Decision outcomes on the wire.</summary>
public static class Outcomes
{
    public const string Approved = "approved";
    public const string ApprovedWithConditions = "approved_with_conditions";
    public const string Declined = "declined";
    public const string InformationRequested = "information_requested";
}

/// <summary>Where an application came from, on the wire and in the database.</summary>
public static class Channels
{
    public const string Bank = "bank";
    public const string Counter = "counter";
}

/// <summary>Instalment types on the wire.</summary>
public static class Instalment
{
    public const string Bullet = "bullet";
    public const string EqualInstalments = "equal_instalments";
}

/// <summary>Application states on the wire and in the database: snake_case ("under_examination").</summary>
public static class States
{
    private static readonly Dictionary<ApplicationState, string> ToWireNames =
        Enum.GetValues<ApplicationState>().ToDictionary(s => s, s => SnakeCase(s.ToString()));

    private static readonly Dictionary<string, ApplicationState> FromWireNames =
        ToWireNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => FromWireNames.Keys;

    public static string ToWire(ApplicationState state) => ToWireNames[state];

    public static ApplicationState Parse(string wire) => FromWireNames[wire];

    public static bool TryParse(string? wire, out ApplicationState state) => FromWireNames.TryGetValue(wire ?? "", out state);

    public static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>The JSON of stored columns (camelCase, enums as names), the same shape as the API's.</summary>
public static class StoredJson
{
    public static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, ConfigurationStore.Json);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, ConfigurationStore.Json);
}
