using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Aws.Tests.ApiGateway;

[Trait("Category", "Integration")]
public sealed class ApiGatewayConnectionsTests : IAsyncLifetime
{
    private ScriptedGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await ScriptedGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task GetConnectionAsync_Connected_ReturnsWhatApiGatewayReports()
    {
        _gateway.GetBody = """{"connectedAt":"2025-05-01T10:00:00.000Z","identity":{"sourceIp":"203.0.113.7","userAgent":"test-agent"},"lastActiveAt":"2025-05-01T10:05:30.250Z"}""";
        await using var services = MessengerServices.Build(_gateway);

        var connection = await services.GetRequiredService<IApiGatewayConnections>().GetConnectionAsync("abc=/1");

        Assert.NotNull(connection);
        Assert.Equal("abc=/1", connection.ConnectionId);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero), connection.ConnectedAt);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 10, 5, 30, 250, TimeSpan.Zero), connection.LastActiveAt);
        Assert.Equal("203.0.113.7", connection.SourceIp);
        Assert.Equal("test-agent", connection.UserAgent);
        var request = Assert.Single(_gateway.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/stage/@connections/abc%3D%2F1", request.RawTarget);
        Assert.Empty(request.Body);
        SigV4Verifier.AssertSigned(request);
    }

    [Fact]
    public async Task GetConnectionAsync_Gone_ReturnsNull()
    {
        _gateway.Script(410);
        await using var services = MessengerServices.Build(_gateway);

        var connection = await services.GetRequiredService<IApiGatewayConnections>().GetConnectionAsync("abc");

        Assert.Null(connection);
    }

    [Fact]
    public async Task GetConnectionAsync_Forbidden_ThrowsWithStatusCode()
    {
        _gateway.Script(403);
        await using var services = MessengerServices.Build(_gateway);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<IApiGatewayConnections>().GetConnectionAsync("abc"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains(services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 201);
    }

    [Fact]
    public async Task GetConnectionAsync_ServerErrorThenOk_Retries()
    {
        _gateway.Script(502, 200);
        _gateway.GetBody = """{"connectedAt":"2025-05-01T10:00:00Z","lastActiveAt":"2025-05-01T10:00:00Z"}""";
        await using var services = MessengerServices.Build(_gateway);

        var connection = await services.GetRequiredService<IApiGatewayConnections>().GetConnectionAsync("abc");

        Assert.NotNull(connection);
        Assert.Null(connection.SourceIp);
        Assert.Equal(2, _gateway.Requests.Count);
    }

    [Fact]
    public async Task DisconnectAsync_Connected_SendsSignedDeleteAndReturnsTrue()
    {
        _gateway.DefaultStatus = 204;
        await using var services = MessengerServices.Build(_gateway);

        var closed = await services.GetRequiredService<IApiGatewayConnections>().DisconnectAsync("abc=");

        Assert.True(closed);
        var request = Assert.Single(_gateway.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/stage/@connections/abc%3D", request.RawTarget);
        SigV4Verifier.AssertSigned(request);
    }

    [Fact]
    public async Task DisconnectAsync_Gone_ReturnsFalse()
    {
        _gateway.Script(410);
        await using var services = MessengerServices.Build(_gateway);

        var closed = await services.GetRequiredService<IApiGatewayConnections>().DisconnectAsync("abc");

        Assert.False(closed);
    }

    [Fact]
    public async Task DisconnectAsync_PersistentServerError_ThrowsAfterRetries()
    {
        _gateway.DefaultStatus = 500;
        await using var services = MessengerServices.Build(_gateway, o => o.MaxRetries = 1);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<IApiGatewayConnections>().DisconnectAsync("abc"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(2, _gateway.Requests.Count);
    }

    [Fact]
    public async Task DisconnectAsync_EmptyConnectionId_Throws()
    {
        await using var services = MessengerServices.Build(_gateway);

        await Assert.ThrowsAsync<ArgumentException>(() => services.GetRequiredService<IApiGatewayConnections>().DisconnectAsync(string.Empty));
        Assert.Empty(_gateway.Requests);
    }
}
