namespace SmePlatform.Contracts.Common.V1;

/// <summary>Exact conversion between <see cref="decimal"/> and the wire's units and nanos (common/v1/decimal_value.proto).</summary>
public sealed partial class DecimalValue
{
    private const decimal NanosPerUnit = 1_000_000_000m;

    /// <summary>The amount on the wire; digits beyond the ninth decimal are cut (money has two).</summary>
    public static DecimalValue From(decimal value)
    {
        var units = decimal.Truncate(value);
        return new DecimalValue { Units = (long)units, Nanos = (int)decimal.Truncate((value - units) * NanosPerUnit) };
    }

    public decimal ToDecimal() => Units + (Nanos / NanosPerUnit);
}
