using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChatRoom.Core.Tests;

/// <summary>
/// Records spans from the <c>ChatRoom</c> activity source. Listeners are process-wide and test classes run in parallel,
/// so only the test's spans count: those of <see cref="TraceId"/> (the test's own root span, or a remote parent it sent),
/// or those tagged with the test's own room.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private static readonly ActivitySource TestSource = new("ChatRoom.Core.Tests");

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly List<(Func<Activity, bool> Match, TaskCompletionSource<Activity> Found)> _waiters = [];
    private readonly Activity? _root;
    private readonly string? _room;

    private SpanRecorder(ActivityTraceId traceId, bool startRoot, string? room = null)
    {
        _room = room;
        _listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name is "ChatRoom" or "ChatRoom.Core.Tests",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "ChatRoom" && (_room is null ? activity.TraceId == TraceId : Equals(activity.GetTagItem("chatroom.room"), _room)))
                {
                    Stopped(activity);
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

    /// <summary>Records the spans tagged with <paramref name="room"/>, in any trace (a fan-out may start a trace of its own).</summary>
    public static SpanRecorder ForRoom(string room) => new(default, startRoot: false, room);

    /// <summary>Completes with the first span named <paramref name="name"/> that matches <paramref name="match"/>, once it has stopped.</summary>
    public Task<Activity> WaitForAsync(string name, Func<Activity, bool>? match = null)
    {
        var found = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Matches(Activity span) => span.OperationName == name && (match?.Invoke(span) ?? true);
        lock (_waiters)
        {
            if (_stopped.FirstOrDefault(Matches) is { } stopped)
            {
                return Task.FromResult(stopped);
            }

            _waiters.Add((Matches, found));
        }

        return found.Task.WaitAsync(ChatTestHost.HangTimeout);
    }

    public Activity Single(string name) => Assert.Single(Spans, span => span.OperationName == name);

    private void Stopped(Activity activity)
    {
        lock (_waiters)
        {
            _stopped.Enqueue(activity);
            foreach (var (match, found) in _waiters)
            {
                if (match(activity))
                {
                    found.TrySetResult(activity);
                }
            }
        }
    }

    public void Dispose()
    {
        _root?.Dispose();
        _listener.Dispose();
    }
}
