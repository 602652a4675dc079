namespace SmePlatform.Matching.Domain.Cases;

/// <summary>
/// The stages of an intermediated partnership case as the 2001 case register followed them (docs/matching-rules.md,
/// "Stages"), in order; Contract and Discontinued end the case.
/// </summary>
public enum CaseStage
{
    Enquiry,
    Nda,
    Samples,
    QAndA,
    FactoryVisit,
    Loi,
    FeasibilityStudy,
    Contract,
    Discontinued,
}

/// <summary>The study's factors that decide a partnership's form, used as the reason a case was discontinued.</summary>
public enum DecisionFactor
{
    Market,
    Funds,
    TechnologyTransfer,
    Personnel,
    ProfitProspect,
    Incentives,
    Objective,
}

public static class CaseStages
{
    public static bool IsFinal(CaseStage stage) => stage is CaseStage.Contract or CaseStage.Discontinued;

    /// <summary>Chinese names beside the English ones, as the case register shows them.</summary>
    public static string NameZh(CaseStage stage) => stage switch
    {
        CaseStage.Enquiry => "洽询",
        CaseStage.Nda => "保密协议",
        CaseStage.Samples => "样品",
        CaseStage.QAndA => "答疑",
        CaseStage.FactoryVisit => "考察工厂",
        CaseStage.Loi => "意向书",
        CaseStage.FeasibilityStudy => "可行性研究",
        CaseStage.Contract => "签约",
        _ => "终止",
    };
}
