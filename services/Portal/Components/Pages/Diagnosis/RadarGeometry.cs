using System.Globalization;

namespace SmePlatform.Portal.Components.Pages.Diagnosis;

/// <summary>
/// Where the radar chart draws things: axis i of n starts at twelve o'clock and turns clockwise; a score s of the
/// 1-5 scale lies on ring s, so ring 5 is the full radius (0, unscored, is the centre).
/// </summary>
public sealed class RadarGeometry(int axes, double centreX, double centreY, double radius)
{
    public const int MaxScore = 5;

    public double CentreX { get; } = centreX;

    public double CentreY { get; } = centreY;

    public double RingRadius(int score) => radius * Math.Clamp(score, 0, MaxScore) / MaxScore;

    public (double X, double Y) Point(int axis, double distance)
    {
        var angle = (2 * Math.PI * axis / axes) - (Math.PI / 2);
        return (CentreX + (distance * Math.Cos(angle)), CentreY + (distance * Math.Sin(angle)));
    }

    public (double X, double Y) ScorePoint(int axis, int score) => Point(axis, RingRadius(score));

    /// <summary>The SVG points of a closed shape through each axis at the given score.</summary>
    public string Shape(IReadOnlyList<int> scores) =>
        string.Join(' ', scores.Select((score, axis) => Format(ScorePoint(axis, score))));

    /// <summary>Ring s as a polygon through every axis.</summary>
    public string Ring(int score) => Shape([.. Enumerable.Repeat(score, axes)]);

    /// <summary>Labels sit beyond the outer ring, anchored away from the centre so they never run over the web.</summary>
    public static string Anchor(double x, double centreX) =>
        Math.Abs(x - centreX) < 1 ? "middle" : x < centreX ? "end" : "start";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Format((double X, double Y) p) => Number(p.X) + "," + Number(p.Y);
}
