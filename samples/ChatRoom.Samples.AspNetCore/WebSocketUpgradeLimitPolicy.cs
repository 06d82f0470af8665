using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// Limits WebSocket upgrades on <c>/ws</c> per client address (ASP.NET Core rate limiting middleware): upgrades per
/// fixed window and sockets open at once (<see cref="ConnectionLimiter"/>), so that one address can neither flood the
/// host with connections nor hold thousands of them; refused upgrades get 429 with <c>Retry-After</c>. Requests that
/// are not upgrades are not counted (the endpoint answers them with 400 anyway).
/// </summary>
/// <remarks>
/// The partition is the remote address: an IPv4 address (IPv4-mapped IPv6 included) as it is, an IPv6 address by its
/// /64 prefix, because one host usually owns a whole /64. Behind a reverse proxy the remote address is the proxy's
/// unless forwarded headers are applied first.
/// </remarks>
internal sealed partial class WebSocketUpgradeLimitPolicy(IOptions<ConnectionLimitOptions> options, ILogger<WebSocketUpgradeLimitPolicy> logger)
    : IRateLimiterPolicy<string>
{
    /// <summary>The policy name <c>/ws</c> requires.</summary>
    public const string Name = "websocket-upgrades";

    private readonly ConnectionLimitOptions _options = options.Value;

    public Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (!httpContext.WebSockets.IsWebSocketRequest)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        return RateLimitPartition.Get(PartitionKey(httpContext.Connection.RemoteIpAddress), _ => ConnectionLimiter.Create(_options));
    }

    /// <summary>Gets the partition of a client address: IPv4 as it is, IPv6 by its /64 prefix.</summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        // Only the window says when a permit comes back; nobody knows when one of the open sockets will close, so a
        // refusal for them suggests the window.
        var openSockets = !context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var seconds = Math.Max(1, (long)Math.Ceiling((openSockets ? _options.Window : retryAfter).TotalSeconds));
        var httpContext = context.HttpContext;
        string message;
        if (openSockets)
        {
            Log.TooManyOpen(logger, httpContext.Connection.RemoteIpAddress, _options.MaxConcurrentPerAddress, seconds);
            message = $"Too many open connections from this address (at most {_options.MaxConcurrentPerAddress}); close one or retry after {seconds} seconds.";
        }
        else
        {
            Log.UpgradeRefused(logger, httpContext.Connection.RemoteIpAddress, seconds);
            message = $"Too many connections from this address; retry after {seconds} seconds.";
        }

        httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await httpContext.Response.WriteAsync(message, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "WebSocket upgrade from {RemoteAddress} refused: too many connections, retry after {Seconds}s")]
        public static partial void UpgradeRefused(ILogger logger, IPAddress? remoteAddress, long seconds);

        [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "WebSocket upgrade from {RemoteAddress} refused: {MaxOpen} sockets already open, retry after {Seconds}s")]
        public static partial void TooManyOpen(ILogger logger, IPAddress? remoteAddress, int maxOpen, long seconds);
    }
}
