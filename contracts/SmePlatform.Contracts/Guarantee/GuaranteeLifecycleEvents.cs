namespace SmePlatform.Contracts.Guarantee;

/// <summary>The loan is repaid in full (active → repaid): nothing is outstanding, the guarantee no longer counts as exposure. CNY.</summary>
public sealed record GuaranteeRepaid(
    Guid ApplicationId,
    string BankId,
    Guid EnterpriseId,
    decimal LastRepayment,
    DateOnly PaidOn,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>The bank reported a default (active → defaulted) at or beyond the configured days past due. CNY.</summary>
public sealed record GuaranteeDefaulted(
    Guid ApplicationId,
    string BankId,
    Guid EnterpriseId,
    int DaysPastDue,
    int TriggerDaysPastDue,
    decimal Outstanding,
    decimal GuaranteedAmount,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>The bank filed its claim on the guarantee (defaulted → claim filed). CNY.</summary>
public sealed record GuaranteeClaimFiled(
    Guid ApplicationId,
    string BankId,
    Guid EnterpriseId,
    decimal Amount,
    decimal GuaranteedAmount,
    decimal OutstandingAtDefault,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>The fund paid the claim (claim filed → claim paid) and is subrogated to the bank's rights for the amount paid. CNY.</summary>
public sealed record GuaranteeClaimPaid(
    Guid ApplicationId,
    string BankId,
    Guid EnterpriseId,
    decimal Amount,
    string PaidBy,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>A recovery on a paid claim was booked; <see cref="TotalRecovered"/> never exceeds <see cref="ClaimPaid"/>. CNY.</summary>
public sealed record GuaranteeRecoveryBooked(
    Guid ApplicationId,
    string BankId,
    Guid EnterpriseId,
    decimal Amount,
    DateOnly ReceivedOn,
    decimal TotalRecovered,
    decimal ClaimPaid,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
