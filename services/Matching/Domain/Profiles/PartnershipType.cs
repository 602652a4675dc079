using SmePlatform.SharedKernel;

namespace SmePlatform.Matching.Domain.Profiles;

/// <summary>
/// The partnership types the 2001 study's survey and case register used (docs/matching-rules.md, "Types"): what an
/// enterprise looks for (a need) or can give (an offer). Directional pairs are two values, so a need and an offer meet
/// when they are each other's complement.
/// </summary>
public enum PartnershipType
{
    Export,
    Import,
    ProductionAlliance,
    SalesAlliance,
    Oem,
    SubcontractingGiving,
    SubcontractingTaking,
    Consignment,
    TechnologyTransferIn,
    TechnologyTransferOut,
    JointVenture,
}

public static class PartnershipTypes
{
    /// <summary>The offer type that answers a need of <paramref name="need"/> type.</summary>
    public static PartnershipType Complement(PartnershipType need) => need switch
    {
        PartnershipType.Export => PartnershipType.Import,
        PartnershipType.Import => PartnershipType.Export,
        PartnershipType.SubcontractingGiving => PartnershipType.SubcontractingTaking,
        PartnershipType.SubcontractingTaking => PartnershipType.SubcontractingGiving,
        PartnershipType.TechnologyTransferIn => PartnershipType.TechnologyTransferOut,
        PartnershipType.TechnologyTransferOut => PartnershipType.TechnologyTransferIn,
        _ => need,
    };

    /// <summary>The family a type belongs to: a need may be served, less well, by an offer of the same family.</summary>
    public static string Family(PartnershipType type) => type switch
    {
        PartnershipType.Export or PartnershipType.Import or PartnershipType.SalesAlliance or PartnershipType.Consignment => "trade",
        PartnershipType.ProductionAlliance or PartnershipType.Oem or PartnershipType.SubcontractingGiving or PartnershipType.SubcontractingTaking => "production",
        PartnershipType.TechnologyTransferIn or PartnershipType.TechnologyTransferOut => "technology",
        _ => "capital",
    };

    /// <summary>The short form in anonymous profile codes (SY-OEM-2026-0042).</summary>
    public static string Abbreviation(PartnershipType type) => type switch
    {
        PartnershipType.Export => "EXP",
        PartnershipType.Import => "IMP",
        PartnershipType.ProductionAlliance => "PRA",
        PartnershipType.SalesAlliance => "SAA",
        PartnershipType.Oem => "OEM",
        PartnershipType.SubcontractingGiving => "SCG",
        PartnershipType.SubcontractingTaking => "SCT",
        PartnershipType.Consignment => "CON",
        PartnershipType.TechnologyTransferIn => "TTI",
        PartnershipType.TechnologyTransferOut => "TTO",
        _ => "JV",
    };

    public static bool TryParse(string? text, out PartnershipType type) => WireNames.TryParse(text, out type);
}
