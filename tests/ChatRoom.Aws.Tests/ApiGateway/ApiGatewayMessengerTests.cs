using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using ChatRoom.Aws.Internal;
using ChatRoom.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Aws.Tests.ApiGateway;

[Trait("Category", "Integration")]
public sealed class ApiGatewayMessengerTests : IAsyncLifetime
{
    private static readonly byte[] Frame = Encoding.UTF8.GetBytes("{\"type\":\"pong\"}");

    private ScriptedGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await ScriptedGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task SendAsync_Accepted_PostsFrameToEncodedConnectionPath()
    {
        await using var services = MessengerServices.Build(_gateway);
        var messenger = services.GetRequiredService<IConnectionMessenger>();

        var result = await messenger.SendAsync("L0SM9cOFvHcCIhw=/a+b", Frame);

        Assert.Equal(DeliveryResult.Delivered, result);
        var request = Assert.Single(_gateway.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/stage/@connections/L0SM9cOFvHcCIhw%3D%2Fa%2Bb", request.RawTarget);
        Assert.Equal(Frame, request.Body);
        Assert.Equal("application/octet-stream", request.Header("Content-Type"));
    }

    [Fact]
    public async Task SendAsync_Accepted_SignsRequestWithSigV4ForExecuteApi()
    {
        await using var services = MessengerServices.Build(_gateway);
        var messenger = services.GetRequiredService<IConnectionMessenger>();

        await messenger.SendAsync("abc=/x", Frame);

        var request = Assert.Single(_gateway.Requests);
        SigV4Verifier.AssertSigned(request);
        Assert.Contains("content-type", SigV4Verifier.SignedHeaders(request));
        Assert.Null(request.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task SendAsync_WrongSecret_SignatureDoesNotVerify()
    {
        // Proves the verifier itself can fail: the same request checked against another secret.
        await using var services = MessengerServices.Build(_gateway);
        await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        var request = Assert.Single(_gateway.Requests);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => SigV4Verifier.AssertSigned(request, secretKey: "not-the-secret"));
    }

    [Fact]
    public async Task SendAsync_SessionCredentials_SendsAndSignsSecurityToken()
    {
        await using var services = MessengerServices.Build(_gateway, o => o.Credentials = new SessionAWSCredentials(SigV4Verifier.AccessKey, SigV4Verifier.SecretKey, "session-token"));

        await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        var request = Assert.Single(_gateway.Requests);
        Assert.Equal("session-token", request.Header("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", SigV4Verifier.SignedHeaders(request));
        SigV4Verifier.AssertSigned(request);
    }

    [Fact]
    public async Task SendAsync_CredentialsUnavailable_ReturnsFailedWithoutRequest()
    {
        await using var services = MessengerServices.Build(_gateway, o => o.Credentials = new ThrowingCredentials());

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Empty(_gateway.Requests);
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 207 && r.Level == LogLevel.Error);
    }

    [Fact]
    public async Task SendAsync_Gone_ReturnsGoneWithoutRetry()
    {
        _gateway.Script(410);
        await using var services = MessengerServices.Build(_gateway);

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Gone, result);
        Assert.Single(_gateway.Requests);
    }

    [Fact]
    public async Task SendAsync_Forbidden_ReturnsFailedAndLogsConfigurationError()
    {
        _gateway.DefaultStatus = 403;
        await using var services = MessengerServices.Build(_gateway);

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Single(_gateway.Requests);
        var error = Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 201);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("execute-api:ManageConnections", error.Message, StringComparison.Ordinal);
        Assert.Contains("abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_AnyOutcome_NeverLogsCredentialsOrSignatures()
    {
        _gateway.Script(500, 403);
        await using var services = MessengerServices.Build(_gateway, o => o.Credentials = new SessionAWSCredentials(SigV4Verifier.AccessKey, SigV4Verifier.SecretKey, "session-token"));

        await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        var signature = SigV4Verifier.Signature(_gateway.Requests[0]);
        var logs = services.GetFakeLogCollector().GetSnapshot();
        Assert.NotEmpty(logs);
        foreach (var record in logs)
        {
            var text = record.Message + " " + string.Join(' ', record.StructuredState?.Select(s => s.Value) ?? []) + " " + record.Exception;
            Assert.DoesNotContain(SigV4Verifier.SecretKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("session-token", text, StringComparison.Ordinal);
            Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
            Assert.DoesNotContain("AWS4-HMAC-SHA256", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_FrameOverLimit_ReturnsFailedWithoutRequest()
    {
        await using var services = MessengerServices.Build(_gateway);
        var frame = new byte[(128 * 1024) + 1];

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", frame);

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Empty(_gateway.Requests);
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 202 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task SendAsync_FrameAtLimit_IsDelivered()
    {
        await using var services = MessengerServices.Build(_gateway);
        var frame = new byte[128 * 1024];
        frame.AsSpan().Fill((byte)'a');

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", frame);

        Assert.Equal(DeliveryResult.Delivered, result);
        var request = Assert.Single(_gateway.Requests);
        Assert.Equal(frame.Length, request.Body.Length);
        SigV4Verifier.AssertSigned(request);
    }

    [Fact]
    public async Task SendAsync_ConfiguredSmallerLimit_RejectsLargerFrame()
    {
        await using var services = MessengerServices.Build(_gateway, o => o.MaxFrameBytes = 8);

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", new byte[9]);

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Empty(_gateway.Requests);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task SendAsync_TransientStatusThenOk_RetriesAndDelivers(int transientStatus)
    {
        _gateway.Script(transientStatus, 200);
        await using var services = MessengerServices.Build(_gateway);

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Delivered, result);
        Assert.Equal(2, _gateway.Requests.Count);
        Assert.All(_gateway.Requests, request =>
        {
            Assert.Equal(Frame, request.Body);
            SigV4Verifier.AssertSigned(request);
        });
    }

    [Fact]
    public async Task SendAsync_BurstOf429And500ThenOk_DeliversAndLogsNothingAboveDebug()
    {
        // A throttled broadcast retries per member; Polly's own per-attempt Warning would flood the logs.
        _gateway.Script(429, 500, 429, 200);
        await using var services = MessengerServices.Build(_gateway);

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Delivered, result);
        Assert.Equal(4, _gateway.Requests.Count);
        var logs = services.GetFakeLogCollector().GetSnapshot();
        Assert.Equal(3, logs.Count(r => r.Id.Id == 206 && r.Level == LogLevel.Debug));
        Assert.DoesNotContain(logs, r => r.Level > LogLevel.Debug);
    }

    [Fact]
    public async Task SendAsync_Retry_SignsEachAttemptAnew()
    {
        // Every clock reading is a second later, so an attempt signed again carries a new date and signature.
        _gateway.Script(500, 200);
        await using var services = MessengerServices.Build(_gateway, timeProvider: new SteppingTimeProvider());

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Delivered, result);
        var requests = _gateway.Requests;
        Assert.Equal(2, requests.Count);
        SigV4Verifier.AssertSigned(requests[0]);
        SigV4Verifier.AssertSigned(requests[1]);
        Assert.NotEqual(requests[0].Header("X-Amz-Date"), requests[1].Header("X-Amz-Date"));
        Assert.NotEqual(SigV4Verifier.Signature(requests[0]), SigV4Verifier.Signature(requests[1]));
    }

    [Fact]
    public async Task SendAsync_PersistentServerError_FailsAfterConfiguredRetries()
    {
        _gateway.DefaultStatus = 500;
        await using var services = MessengerServices.Build(_gateway, o => o.MaxRetries = 2);

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Equal(3, _gateway.Requests.Count);
        Assert.Equal(2, services.GetFakeLogCollector().GetSnapshot().Count(r => r.Id.Id == 206));
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 203 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task SendAsync_RetriesOff_SendsOnce()
    {
        _gateway.DefaultStatus = 500;
        await using var services = MessengerServices.Build(_gateway, o => o.MaxRetries = 0);

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Single(_gateway.Requests);
    }

    [Fact]
    public async Task SendAsync_AttemptTimesOut_RetriesAndDelivers()
    {
        // The timeout runs on a fake clock, moved past it only once the first attempt is held: that attempt times out
        // and no other can, however slow the machine.
        var time = new FakeTimeProvider();
        var firstHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        _gateway.BeforeAnswer = async context =>
        {
            if (Interlocked.Increment(ref held) == 1)
            {
                firstHeld.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
        };
        var requestTimeout = TimeSpan.FromSeconds(10);
        await using var services = MessengerServices.Build(
            _gateway,
            o =>
            {
                o.RequestTimeout = requestTimeout;
                o.RetryBaseDelay = TimeSpan.Zero; // no backoff to wait for on the fake clock
            },
            timeProvider: time);
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var sending = services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame).AsTask();
        await firstHeld.Task.WaitAsync(hang.Token);
        time.Advance(requestTimeout);
        var result = await sending.WaitAsync(hang.Token);

        Assert.Equal(DeliveryResult.Delivered, result);
        Assert.Equal(2, _gateway.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_NetworkError_ReturnsFailedAfterRetries()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var services = MessengerServices.Build(_gateway, o =>
        {
            o.Endpoint = $"http://127.0.0.1:{port}/stage";
            o.MaxRetries = 2;
        });
        using var metrics = new MetricCollector<long>(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ApiGatewayMetrics.MeterName, ApiGatewayMetrics.RequestsInstrument);

        var result = await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Equal(3, metrics.GetMeasurementSnapshot().Count(m => (string?)m.Tags[ApiGatewayMetrics.StatusClassTag] == "error"));
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 204 && r.Exception is HttpRequestException);
    }

    [Fact]
    public async Task SendAsync_ManyConcurrentSends_StayWithinMaxConcurrentRequests()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var probe = Probe(4, timeout.Token);
        await using var services = MessengerServices.Build(_gateway, o => o.MaxConcurrentRequests = probe.Target);

        var results = await SendManyAsync(services, 100, timeout.Token);

        Assert.All(results, r => Assert.Equal(DeliveryResult.Delivered, r));
        Assert.Equal(100, _gateway.Requests.Count);
        Assert.Equal(probe.Target, probe.MaxInFlight);
    }

    [Fact]
    public async Task SendAsync_DefaultOptions_Keeps128RequestsInFlight()
    {
        // A broadcast to 1,000 members at 20 ms per post takes ⌈1,000 / in flight⌉ × 20 ms: 32 made it 640 ms.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var probe = Probe(128, timeout.Token);
        await using var services = MessengerServices.Build(_gateway, o => o.RequestTimeout = TimeSpan.FromMinutes(5));

        var results = await SendManyAsync(services, 300, timeout.Token);

        Assert.All(results, r => Assert.Equal(DeliveryResult.Delivered, r));
        Assert.Equal(128, probe.MaxInFlight);
    }

    [Fact]
    public async Task SendMessageAsync_RoomOf300WithDefaultOptions_BroadcastKeeps128PostsInFlight()
    {
        // The broadcast's own limit (ChatRoom:BroadcastConcurrency) and the messenger's both decide how many are in flight.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var probe = Probe(128, timeout.Token);
        await using var provider = MessengerServices.Build(_gateway, o => o.RequestTimeout = TimeSpan.FromMinutes(5), stores: chat => chat.AddInMemory());
        var connections = provider.GetRequiredService<IConnectionStore>();
        for (var i = 0; i < 300; i++)
        {
            var connection = new ConnectionInfo { Member = new() { ConnectionId = $"conn-{i}", Name = $"member-{i}", UserId = $"member-{i}" }, ConnectedAt = DateTimeOffset.UnixEpoch };
            await connections.AddConnectionAsync(connection, timeout.Token);
            await connections.JoinRoomAsync("lobby", connection, 16, timeout.Token);
        }

        await provider.GetRequiredService<IChatRoomService>().SendMessageAsync(new ServerMessage { Room = "lobby", Text = "to everyone" }, timeout.Token);

        Assert.Equal(300, _gateway.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(128, probe.MaxInFlight);
    }

    [Fact]
    public async Task SendAsync_BurstsOfConcurrentSends_ReuseOneConnectionPerRequestInFlight()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var probe = Probe(8, timeout.Token);
        await using var services = MessengerServices.Build(_gateway, o => o.MaxConcurrentRequests = probe.Target);

        for (var burst = 0; burst < 5; burst++)
        {
            Assert.All(await SendManyAsync(services, 40, timeout.Token), r => Assert.Equal(DeliveryResult.Delivered, r));
        }

        Assert.Equal(200, _gateway.Requests.Count);
        Assert.Equal(probe.Target, probe.Connections);
    }

    [Fact]
    public async Task SendAsync_CancelledByCaller_ThrowsOperationCanceled()
    {
        await using var services = MessengerServices.Build(_gateway);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame, cancelled.Token).AsTask());
    }

    [Fact]
    public async Task SendAsync_Retried_RecordsEachAttemptInMetrics()
    {
        _gateway.Script(500, 200);
        await using var services = MessengerServices.Build(_gateway);
        var meterFactory = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var requests = new MetricCollector<long>(meterFactory, ApiGatewayMetrics.MeterName, ApiGatewayMetrics.RequestsInstrument);
        using var durations = new MetricCollector<double>(meterFactory, ApiGatewayMetrics.MeterName, ApiGatewayMetrics.DurationInstrument);

        await services.GetRequiredService<IConnectionMessenger>().SendAsync("abc", Frame);

        var measurements = requests.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m => Assert.Equal("POST", m.Tags[ApiGatewayMetrics.MethodTag]));
        Assert.Equal(["5xx", "2xx"], measurements.Select(m => (string?)m.Tags[ApiGatewayMetrics.StatusClassTag]));
        Assert.Equal(2, durations.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task SendAsync_EndpointNotKnownYet_ReturnsFailedUntilSet()
    {
        await using var services = MessengerServices.Build(_gateway, o =>
        {
            o.Endpoint = null;
            o.EndpointFromRequestContext = true;
        });
        var messenger = services.GetRequiredService<IConnectionMessenger>();

        var before = await messenger.SendAsync("abc", Frame);
        services.GetRequiredService<ApiGatewayEndpoint>().Set(new Uri(_gateway.Endpoint));
        var after = await messenger.SendAsync("abc", Frame);

        Assert.Equal(DeliveryResult.Failed, before);
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 205 && r.Level == LogLevel.Error);
        Assert.Equal(DeliveryResult.Delivered, after);
        Assert.Equal("/stage/@connections/abc", Assert.Single(_gateway.Requests).RawTarget);
    }

    [Fact]
    public async Task CloseAsync_Accepted_SendsSignedDeleteToEncodedConnectionPath()
    {
        _gateway.DefaultStatus = 204;
        await using var services = MessengerServices.Build(_gateway);

        await services.GetRequiredService<IConnectionMessenger>().CloseAsync("L0SM9cOFvHcCIhw=/a+b");

        var request = Assert.Single(_gateway.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/stage/@connections/L0SM9cOFvHcCIhw%3D%2Fa%2Bb", request.RawTarget);
        Assert.Empty(request.Body);
        Assert.StartsWith("AWS4-HMAC-SHA256 ", request.Header("Authorization"), StringComparison.Ordinal);
        SigV4Verifier.AssertSigned(request);
    }

    [Theory]
    [InlineData(200, DeliveryResult.Delivered, 1)]
    [InlineData(204, DeliveryResult.Delivered, 1)]
    [InlineData(410, DeliveryResult.Gone, 1)]
    [InlineData(400, DeliveryResult.Failed, 1)]
    [InlineData(403, DeliveryResult.Failed, 1)]
    [InlineData(500, DeliveryResult.Failed, 3)]
    public async Task CloseAsync_GatewayAnswers_ReturnsItsOutcomeAfterRetryingOnlyServerErrors(int status, DeliveryResult expected, int deletes)
    {
        _gateway.DefaultStatus = status;
        await using var services = MessengerServices.Build(_gateway, o => o.MaxRetries = 2);

        var result = await services.GetRequiredService<IConnectionMessenger>().CloseAsync("abc");

        Assert.Equal(expected, result);
        Assert.Equal(deletes, _gateway.Requests.Count(r => r.Method == "DELETE"));
        Assert.Equal(deletes, _gateway.Requests.Count);
    }

    [Fact]
    public async Task CloseAsync_CredentialsUnavailable_ReturnsFailedWithoutRequest()
    {
        await using var services = MessengerServices.Build(_gateway, o => o.Credentials = new ThrowingCredentials());

        var result = await services.GetRequiredService<IConnectionMessenger>().CloseAsync("abc");

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task CloseAsync_NoEndpointKnownYet_ReturnsFailedWithoutRequest()
    {
        await using var services = MessengerServices.Build(_gateway, o =>
        {
            o.Endpoint = null;
            o.EndpointFromRequestContext = true;
        });

        var result = await services.GetRequiredService<IConnectionMessenger>().CloseAsync("abc");

        Assert.Equal(DeliveryResult.Failed, result);
        Assert.Empty(_gateway.Requests);
    }

    /// <summary>Holds the gateway's requests until <paramref name="target"/> are in flight at once, and counts them and their connections.</summary>
    private InFlightProbe Probe(int target, CancellationToken giveUp)
    {
        var probe = new InFlightProbe(target, giveUp);
        _gateway.BeforeAnswer = probe.HoldAsync;
        return probe;
    }

    private static Task<DeliveryResult[]> SendManyAsync(ServiceProvider services, int count, CancellationToken cancellationToken)
    {
        var messenger = services.GetRequiredService<IConnectionMessenger>();
        return Task.WhenAll(Enumerable.Range(0, count).Select(i => messenger.SendAsync($"conn-{i}", Frame, cancellationToken).AsTask()));
    }
}
