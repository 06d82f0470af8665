using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace ChatRoom.ColdStart;

/// <summary>
/// One execution environment's life as the Runtime API sees it: the events queued for it, when it first asked for one
/// (init done), when each response came back, and what the function posted to <c>@connections</c> meanwhile.
/// </summary>
internal sealed class EnvironmentRun
{
    private readonly Channel<(string RequestId, byte[] Body)> _events = Channel.CreateUnbounded<(string, byte[])>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(TimeSpan At, string Body)>> _responses = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<string> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _posts = new();
    private long _started;
    private long _initDone;

    public EnvironmentRun(IEnumerable<byte[]> events)
    {
        foreach (var body in events)
        {
            var requestId = Guid.NewGuid().ToString();
            _responses[requestId] = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _events.Writer.TryWrite((requestId, body));
            RequestIds.Add(requestId);
        }
    }

    public List<string> RequestIds { get; } = [];

    /// <summary>Gets the time from process start to the first <c>invocation/next</c>: the init phase.</summary>
    public TimeSpan Init => Stopwatch.GetElapsedTime(_started, Interlocked.Read(ref _initDone));

    public IReadOnlyCollection<string> Posts => _posts;

    public Task<string> InitError => _initError.Task;

    /// <summary>Marks the process start; every time this run reports is measured from here.</summary>
    public void Start() => _started = Stopwatch.GetTimestamp();

    public async Task<(string RequestId, byte[] Body)> NextAsync(CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _initDone, Stopwatch.GetTimestamp(), 0);
        return await _events.Reader.ReadAsync(cancellationToken);
    }

    public bool Respond(string requestId, byte[] body, bool error)
    {
        if (!_responses.TryGetValue(requestId, out var response))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(body);
        return error
            ? response.TrySetException(new InvalidOperationException($"The function failed invocation {requestId}: {text}"))
            : response.TrySetResult((Stopwatch.GetElapsedTime(_started), text));
    }

    public void FailInit(byte[] body) => _initError.TrySetResult(Encoding.UTF8.GetString(body));

    public void Posted(byte[] frame) => _posts.Enqueue(Encoding.UTF8.GetString(frame));

    public Task<(TimeSpan At, string Body)> ResponseAsync(string requestId) => _responses[requestId].Task;
}
