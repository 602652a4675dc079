using SmePlatform.SharedKernel;

namespace SmePlatform.Matching.Domain.Profiles;

/// <summary>
/// The fixed list of units a capacity or a quantity is stated in: a fixed list so that a need's quantity and an offer's
/// capacity can be compared (free text such as "2000 hrs" could not be). All are per month, as the register of partnering
/// profiles states them.
/// </summary>
public enum CapacityUnit
{
    MachineHoursPerMonth,
    PiecesPerMonth,
    SetsPerMonth,
    TonnesPerMonth,
    SquareMetresPerMonth,
    CubicMetresPerMonth,
    PersonDaysPerMonth,
}

/// <summary>An amount in one of the <see cref="CapacityUnit"/>s.</summary>
public sealed record Quantity(decimal Amount, CapacityUnit Unit)
{
    public static bool TryParseUnit(string? text, out CapacityUnit unit) => WireNames.TryParse(text, out unit);

    public static string AllowedUnits => WireNames.List<CapacityUnit>();
}
