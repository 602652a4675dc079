using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Tests.Domain;

/// <summary>Needs and offers for domain tests.</summary>
internal static class Listings
{
    public static Listing Need(PartnershipType type = PartnershipType.Oem, string industry = "C3670", decimal amount = 1000,
        CapacityUnit unit = CapacityUnit.PiecesPerMonth, string[]? processes = null, string[]? certifications = null, string[]? wards = null) =>
        new(Guid.NewGuid(), ListingKind.Need, type, "Brake discs made to drawing", [industry], processes ?? ["CNC machining"], new Quantity(amount, unit),
            certifications ?? ["IATF 16949"], wards ?? [], null);

    public static Listing Offer(PartnershipType type = PartnershipType.Oem, string industry = "C3670", decimal amount = 2000,
        CapacityUnit unit = CapacityUnit.PiecesPerMonth) =>
        new(Guid.NewGuid(), ListingKind.Offer, type, "Machining capacity", [industry], [], new Quantity(amount, unit), [], [], null);
}
