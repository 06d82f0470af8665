using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>
/// One mapped chat endpoint: answers non-WebSocket requests 400, checks the origin (403) and the per-address limits
/// (429), accepts the upgrade, takes the identity from an authenticated <c>HttpContext.User</c> and hands the socket to
/// the chat host until it closes (1001 on host shutdown).
/// </summary>
internal sealed class ChatEndpoint(
    WebSocketChatHost host,
    ChatRoomEndpointOptions options,
    OriginPolicy origins,
    UpgradeLimiter limiter,
    IHostApplicationLifetime lifetime,
    ILogger logger)
{
    private const string NotWebSocket = "This endpoint speaks WebSocket: connect with ws://host/path?name=you (or wss://).";
    private const string CredentialsRefused = "The credentials were refused.";

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(NotWebSocket, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!origins.Allows(context.Request.Headers.Origin.ToString(), context.Request.Host.Value, context.Request.Scheme))
        {
            Log.OriginRefused(logger, context.Request.Headers.Origin.ToString());
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        // Held until the socket has ended, so that an open socket holds one of its address's permits.
        using var lease = limiter.Acquire(context);
        if (!lease.IsAcquired)
        {
            await limiter.RejectAsync(context, lease).ConfigureAwait(false);
            return;
        }

        var (identity, refusal) = await IdentifyAsync(context).ConfigureAwait(false);
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        if (refusal is not null)
        {
            // Refused after the upgrade rather than with 401: a browser's WebSocket sees a close reason, never an HTTP status.
            Log.Unauthenticated(logger, refusal);
            await host.RefuseAsync(socket, CloseReason.Unauthenticated, refusal).ConfigureAwait(false);
            return;
        }

        var coalescing = context.Features.Get<WriteCoalescingTransport>()?.Stream;
        await host.RunAsync(socket, ToMetadata(context, identity), coalescing, lifetime.ApplicationStopping).ConfigureAwait(false);
    }

    /// <summary>
    /// The identity an authenticated user's claims prove, or none for an anonymous request (the engine's
    /// <see cref="IChatAuthenticator"/> decides then); a refusal when the request's credentials failed.
    /// </summary>
    private async Task<(ChatIdentity? Identity, string? Refusal)> IdentifyAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var identity = ClaimsIdentityReader.Read(context.User, options, out var problem);
            return (identity, problem);
        }

        // The authentication middleware records only successes: ask the default scheme why, if it failed.
        var schemes = context.RequestServices.GetService<IAuthenticationSchemeProvider>();
        if (schemes is null || await schemes.GetDefaultAuthenticateSchemeAsync().ConfigureAwait(false) is null)
        {
            return (null, null);
        }

        var result = await context.AuthenticateAsync().ConfigureAwait(false);
        if (result.Succeeded)
        {
            var identity = ClaimsIdentityReader.Read(result.Principal, options, out var problem);
            return (identity, problem);
        }

        // Only a reason an app wrote itself (context.Fail("…") in a handler's events) reaches the client: a handler's
        // own exception may describe the credentials in more detail than a client should see.
        return result.Failure is null ? (null, null) : (null, result.Failure is AuthenticationFailureException ? result.Failure.Message : CredentialsRefused);
    }

    private static ConnectionMetadata ToMetadata(HttpContext context, ChatIdentity? identity)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Query)
        {
            query[name] = values.ToString();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.Count == 1 ? values[0] ?? string.Empty : StringValues.Empty.Equals(values) ? string.Empty : values.ToString();
        }

        return new ConnectionMetadata
        {
            QueryParameters = query,
            Headers = headers,
            RemoteAddress = context.Connection.RemoteIpAddress?.ToString(),
            Identity = identity,
        };
    }
}
