namespace ChatRoom.ColdStart;

/// <summary>One variant's runs summed up: init and each event's answer, from process start; resident memory after the last event, in MiB.</summary>
internal sealed record VariantSummary(Stat Init, Stat First, Stat Second, Stat Third, double RssMiB, double PeakRssMiB)
{
    public static VariantSummary Of(IReadOnlyList<RunResult> runs) => new(
        Stat.Of(runs.Select(r => r.InitMs)),
        Stat.Of(runs.Select(r => r.EventMs[0])),
        Stat.Of(runs.Select(r => r.EventMs[1])),
        Stat.Of(runs.Select(r => r.EventMs[2])),
        Math.Round(Stat.MedianOf(runs.Select(r => r.RssKb / 1024.0).Order().ToList()), 1),
        Math.Round(Stat.MedianOf(runs.Select(r => r.PeakRssKb / 1024.0).Order().ToList()), 1));
}
