namespace ChatRoom.ColdStart;

/// <summary>Median, p90 (nearest rank: the smallest value with at least 90 % of the runs at or below it), min and max, in ms.</summary>
internal sealed record Stat(double Median, double P90, double Min, double Max)
{
    public static Stat Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return new Stat(Math.Round(MedianOf(sorted), 1), sorted[(int)Math.Ceiling(0.9 * sorted.Count) - 1], sorted[0], sorted[^1]);
    }

    public static double MedianOf(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    public override string ToString() => $"{Median:0} / {P90:0} ms";
}
