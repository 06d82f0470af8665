namespace ChatRoom.ColdStart;

/// <summary>One cold start: milliseconds from process start to the end of init and to each event's response, and the memory after the last.</summary>
internal sealed record RunResult(string Variant, int Round, double InitMs, IReadOnlyList<double> EventMs, long RssKb, long PeakRssKb);
