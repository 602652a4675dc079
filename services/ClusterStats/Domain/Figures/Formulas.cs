namespace SmePlatform.ClusterStats.Domain.Figures;

/// <summary>The pure formulas the figures use (docs/statistics-rules.md, "Specialisation and concentration").</summary>
public static class Formulas
{
    public const string LocationQuotient =
        "LQ(w,i) = (E(w,i) / E(w)) / (E(city,i) / E(city)); E = employment of active enterprises, w = ward, i = industry code or cluster";

    public const string Hhi = "HHI = 10000 × Σ (e_k / E)², e_k = employment of enterprise k in the cell, E = the cell's employment";

    public const string StrongCluster =
        "strong: LQ ≥ 1 and LQ ≥ P75(LQ over the wards) and employment > P25(employment) and establishments > P25(establishments); "
        + "percentiles by linear interpolation (PERCENTILE.INC) over every ward with active enterprises";

    /// <summary>
    /// The employment-based location quotient (as the US Cluster Mapping Project computes it):
    /// (<paramref name="cell"/> / <paramref name="area"/>) ÷ (<paramref name="referenceIndustry"/> / <paramref name="reference"/>).
    /// Null (undefined) when the area, the industry's reference employment or the reference employment is zero.
    /// </summary>
    public static decimal? LocationQuotientOf(long cell, long area, long referenceIndustry, long reference)
    {
        if (cell < 0 || area <= 0 || referenceIndustry <= 0 || reference <= 0)
        {
            return null;
        }

        // One division of exact products: the quotient is the same whichever way the ratios are grouped.
        return (decimal)cell * reference / ((decimal)area * referenceIndustry);
    }

    /// <summary>
    /// The Herfindahl-Hirschman index of employment, 0-10000, from the sum of the squared employment of the enterprises
    /// and their total employment; null when the total is zero.
    /// </summary>
    public static decimal? HhiOf(decimal sumOfSquares, long total) =>
        total <= 0 ? null : 10000m * sumOfSquares / ((decimal)total * total);

    /// <summary>
    /// The <paramref name="p"/>-th percentile (0-1) of <paramref name="values"/> by linear interpolation between closest
    /// ranks (Excel PERCENTILE.INC, numpy's default): h = (n - 1)p, v[⌊h⌋] + (h - ⌊h⌋)(v[⌊h⌋+1] - v[⌊h⌋]).
    /// </summary>
    public static decimal PercentileOf(IEnumerable<decimal> values, decimal p)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0m);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1m);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("A percentile needs at least one value.", nameof(values));
        }

        var h = (sorted.Length - 1) * p;
        var low = (int)decimal.Floor(h);
        return low + 1 >= sorted.Length ? sorted[low] : sorted[low] + (h - low) * (sorted[low + 1] - sorted[low]);
    }
}
