using System.Text;
using ChatRoom.Aws.Internal;
using ChatRoom.InMemory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>The invocation's deadline (ChatRoom:ApiGateway:FunctionTimeoutSeconds less DeadlineMargin) as the messenger and the handler obey it, on a fake clock.</summary>
[Trait("Category", "Integration")]
public sealed class InvocationDeadlinesTests : IAsyncLifetime, IDisposable
{
    private const int DeadlineReachedEvent = 208;
    private static readonly byte[] Frame = Encoding.UTF8.GetBytes("{\"type\":\"message\",\"room\":\"lobby\",\"seq\":7,\"text\":\"hi\"}");

    // How long a test waits for what must happen before it fails instead of hanging.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ScriptedGateway _gateway = null!;
    private int _held;
    private int _heldTarget = int.MaxValue;
    private TaskCompletionSource _heldReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _aborted = new(0);

    public async Task InitializeAsync()
    {
        _gateway = await ScriptedGateway.StartAsync();
        _gateway.BeforeAnswer = HoldAsync;
    }

    public async Task DisposeAsync()
    {
        _abandoned.TrySetResult();
        await _gateway.DisposeAsync();
    }

    public void Dispose() => _aborted.Dispose();

    [Fact]
    public async Task SendAsync_AfterTheDeadline_StartsNoPostAndRecordsTheFrame()
    {
        await using var services = Build();
        var deadlines = services.GetRequiredService<InvocationDeadlines>();
        var messenger = services.GetRequiredService<IConnectionMessenger>();

        using (deadlines.Begin())
        {
            _time.Advance(TimeSpan.FromSeconds(9));
            Assert.Equal(DeliveryResult.Failed, await messenger.SendAsync("conn-1", Frame).AsTask().WaitAsync(Patience));
        }

        Assert.Empty(_gateway.Requests);
        var warning = Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == DeadlineReachedEvent);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("1 frames to 1 connections", warning.Message, StringComparison.Ordinal);
        Assert.Contains("message lobby#7", warning.Message, StringComparison.Ordinal);
        Assert.Contains("conn-1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_BeforeTheDeadline_PostsAndLogsNothing()
    {
        await using var services = Build();
        var deadlines = services.GetRequiredService<InvocationDeadlines>();

        using (deadlines.Begin())
        {
            _time.Advance(TimeSpan.FromSeconds(8.9));
            _heldTarget = 0;
            Assert.Equal(DeliveryResult.Delivered, await services.GetRequiredService<IConnectionMessenger>().SendAsync("conn-1", Frame).AsTask().WaitAsync(Patience));
        }

        Assert.Single(_gateway.Requests);
        Assert.DoesNotContain(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == DeadlineReachedEvent);
    }

    [Fact]
    public async Task SendAsync_InFlightAtTheDeadline_IsCancelledWithoutAFailureLog()
    {
        await using var services = Build();
        var deadlines = services.GetRequiredService<InvocationDeadlines>();
        HoldUntil(1);

        using (deadlines.Begin())
        {
            var send = services.GetRequiredService<IConnectionMessenger>().SendAsync("conn-1", Frame).AsTask();
            await _heldReached.Task.WaitAsync(Patience);
            _time.Advance(TimeSpan.FromSeconds(9));
            Assert.Equal(DeliveryResult.Failed, await send.WaitAsync(Patience));
        }

        await WhenAbortedAsync(1);

        var logs = services.GetFakeLogCollector().GetSnapshot();
        Assert.DoesNotContain(logs, r => r.Id.Id == 204);
        Assert.Contains("1 frames to 1 connections", Assert.Single(logs, r => r.Id.Id == DeadlineReachedEvent).Message, StringComparison.Ordinal);
        Assert.Single(_gateway.Requests);
    }

    [Fact]
    public async Task HandleAsync_BroadcastOutlastsTheDeadline_AnswersOkCancelsInFlightStartsNoMoreAndWarnsOnce()
    {
        await using var services = Build(o => o.MaxConcurrentRequests = 2, chat => chat.AddInMemory().AddApiGatewayWebSocketHandler());
        var connections = services.GetRequiredService<IConnectionStore>();
        for (var i = 0; i < 5; i++)
        {
            var connection = new ConnectionInfo { Member = new() { ConnectionId = $"conn-{i}", Name = $"member-{i}", UserId = $"member-{i}" }, ConnectedAt = _time.GetUtcNow() };
            await connections.AddConnectionAsync(connection);
            await connections.JoinRoomAsync("lobby", connection, 16);
        }

        HoldUntil(2);
        var handling = services.GetRequiredService<ApiGatewayWebSocketHandler>().HandleAsync(new WebSocketProxyEvent
        {
            RequestContext = new WebSocketRequestContext { ConnectionId = "conn-0", EventType = WebSocketRequestContext.Message, RouteKey = "$default" },
            Body = "{\"action\":\"sendmessage\",\"room\":\"lobby\",\"text\":\"hello\"}",
        });
        await _heldReached.Task.WaitAsync(Patience);
        _time.Advance(TimeSpan.FromSeconds(9));

        var response = await handling.WaitAsync(Patience);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, _gateway.Requests.Count);
        await WhenAbortedAsync(2);
        var logs = services.GetFakeLogCollector().GetSnapshot();
        var warning = Assert.Single(logs, r => r.Id.Id == DeadlineReachedEvent);
        Assert.Contains("5 frames to 5 connections were not sent, 1 distinct: message lobby#1;", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs, r => r.Id.Id == 204);
        Assert.Single((await services.GetRequiredService<IMessageStore>().GetLatestAsync("lobby", 10)).Messages);
    }

    [Fact]
    public async Task Begin_NoFunctionTimeout_HasNoDeadline()
    {
        await using var services = Build(o => o.FunctionTimeoutSeconds = null);
        var deadlines = services.GetRequiredService<InvocationDeadlines>();

        using var scope = deadlines.Begin();

        Assert.Null(scope);
        Assert.Null(deadlines.Current);
    }

    [Fact]
    public async Task Current_TwoInvocations_EachOwnFlowSeesItsOwnAndADetachedSendTheLatest()
    {
        await using var services = Build();
        var deadlines = services.GetRequiredService<InvocationDeadlines>();
        var firstBegun = new TaskCompletionSource<InvocationScope>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(async () =>
        {
            using var scope = deadlines.Begin()!;
            firstBegun.SetResult(scope);
            await release.Task;
            return deadlines.Current;
        });
        var firstScope = await firstBegun.Task;
        var second = await Task.Run(() =>
        {
            var scope = deadlines.Begin()!;
            return (Scope: scope, Seen: deadlines.Current);
        });

        // A send with no invocation of its own, as a room's broadcast pass runs.
        var detached = await RunDetachedAsync(() => deadlines.Current);
        release.SetResult();

        Assert.Same(firstScope, await first);
        Assert.Same(second.Scope, second.Seen);
        Assert.Same(second.Scope, detached);
        second.Scope.Dispose();
        Assert.Null(deadlines.Current);
    }

    private static Task<T> RunDetachedAsync<T>(Func<T> read)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Result.SetResult(state.Read()), (Result: result, Read: read), preferLocal: false);
        return result.Task;
    }

    /// <summary>The messenger with a 10 s function timeout (deadline 9 s in); only the deadline's clock is fake, the HTTP client's retries and timeouts keep real time.</summary>
    private ServiceProvider Build(Action<ApiGatewayMessengerOptions>? configure = null, Action<IChatRoomBuilder>? stores = null) =>
        MessengerServices.Build(
            _gateway,
            o =>
            {
                o.FunctionTimeoutSeconds = 10;
                o.RequestTimeout = TimeSpan.FromMinutes(5);
                configure?.Invoke(o);
            },
            stores: chat =>
            {
                chat.Services.AddSingleton(provider => new InvocationDeadlines(
                    provider.GetRequiredService<IOptions<ApiGatewayMessengerOptions>>(),
                    _time,
                    provider.GetRequiredService<ILogger<InvocationDeadlines>>()));
                stores?.Invoke(chat);
            });

    private void HoldUntil(int requests)
    {
        _heldTarget = requests;
        _heldReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Holds every request until the client abandons it (or the test ends), signalling once the target are held.</summary>
    private async Task HoldAsync(HttpContext context)
    {
        if (_heldTarget == 0)
        {
            return;
        }

        if (Interlocked.Increment(ref _held) >= _heldTarget)
        {
            _heldReached.TrySetResult();
        }

        try
        {
            await _abandoned.Task.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            _aborted.Release();
        }
    }

    /// <summary>Waits until the server has seen <paramref name="count"/> requests abandoned by the client.</summary>
    private async Task WhenAbortedAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await _aborted.WaitAsync(Patience), "the client did not abandon the request in flight");
        }
    }
}
