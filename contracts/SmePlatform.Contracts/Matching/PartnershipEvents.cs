namespace SmePlatform.Contracts.Matching;

/// <summary>
/// One enterprise accepted an introduction to a partner, for that enterprise's timeline. Before both sides have accepted
/// the counterpart is named only by its anonymous profile code; <see cref="CounterpartEnterpriseId"/> and
/// <see cref="CounterpartName"/> are set only once <see cref="Revealed"/> (then one event goes to each side).
/// </summary>
/// <param name="Side">"Needing" or "Offering": which side of the introduction <see cref="EnterpriseId"/> is.</param>
public sealed record IntroductionAccepted(
    Guid IntroductionId,
    Guid EnterpriseId,
    string Side,
    string CounterpartCode,
    bool Revealed,
    Guid? CounterpartEnterpriseId,
    string? CounterpartName,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>
/// A partnership case moved to another stage (Enquiry, Nda, Samples, QAndA, FactoryVisit, Loi, FeasibilityStudy, Contract,
/// Discontinued), for one enterprise's timeline (one event per side). A case exists only after the reveal, so the
/// counterpart is named.
/// </summary>
/// <param name="Reason">For Discontinued: the decision factor (Market, Funds, TechnologyTransfer, Personnel, ProfitProspect, Incentives, Objective).</param>
public sealed record PartnershipStageChanged(
    Guid CaseId,
    Guid EnterpriseId,
    Guid CounterpartEnterpriseId,
    string CounterpartCode,
    string From,
    string To,
    string? Reason,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>A partnership case ended in a signed contract, for one enterprise's timeline (one event per side) and the statistics.</summary>
public sealed record PartnershipContractSigned(
    Guid CaseId,
    Guid EnterpriseId,
    Guid CounterpartEnterpriseId,
    decimal ContractValue,
    string Currency,
    DateOnly StartDate,
    string ContractType,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
