using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChatRoom.Core.Tests;

/// <summary>
/// Records the spans of one trace from the <c>ChatRoom</c> activity source. Listeners are process-wide and test classes
/// run in parallel, so only spans of <see cref="TraceId"/> (the test's own root span, or a remote parent it sent) count.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private static readonly ActivitySource TestSource = new("ChatRoom.Core.Tests");

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly Activity? _root;

    private SpanRecorder(ActivityTraceId traceId, bool startRoot)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name is "ChatRoom" or "ChatRoom.Core.Tests",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == TraceId && activity.Source.Name == "ChatRoom")
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _root = startRoot ? TestSource.StartActivity("test") : null;
        TraceId = _root?.TraceId ?? traceId;
    }

    public ActivityTraceId TraceId { get; }

    /// <summary>The test's root span, the parent of spans started with no other parent.</summary>
    public Activity Root => _root ?? throw new InvalidOperationException("This recorder follows a remote trace.");

    public IReadOnlyList<Activity> Spans => [.. _stopped];

    /// <summary>Records the spans under a new root span, which stays current for the test's calls.</summary>
    public static SpanRecorder StartTrace() => new(default, startRoot: true);

    /// <summary>Records the spans of a trace whose parent arrives from elsewhere (a <c>traceparent</c> header).</summary>
    public static SpanRecorder Follow(ActivityTraceId traceId) => new(traceId, startRoot: false);

    public Activity Single(string name) => Assert.Single(Spans, span => span.OperationName == name);

    public void Dispose()
    {
        _root?.Dispose();
        _listener.Dispose();
    }
}
