namespace ChatRoom.Aws;

/// <summary>Options of the Lambda entry, <see cref="ApiGatewayWebSocketHandler"/>.</summary>
/// <remarks>
/// <c>AddApiGatewayWebSocketHandler(section)</c> binds them from the <c>ChatRoom</c> section itself, so
/// <c>ChatRoom:AllowedOrigins</c> is the same setting <c>MapChatRoom</c> reads. Checked when the handler is created.
/// </remarks>
public sealed class ApiGatewayWebSocketOptions
{
    /// <summary>The setting, under the <c>ChatRoom</c> section, that lists the allowed origins: <c>AllowedOrigins</c>.</summary>
    public const string AllowedOriginsSettingName = "AllowedOrigins";

    /// <summary>
    /// Gets the origins (<c>scheme://host[:port]</c>) of the web pages allowed to connect, e.g. <c>https://chat.example.com</c>.
    /// Default empty: pages of the API's own origin only, which on AWS means none (API Gateway serves no pages).
    /// Clients that send no <c>Origin</c> (non-browser clients) are always admitted; others get 403 on <c>$connect</c>.
    /// </summary>
    /// <remarks>
    /// From configuration, either one comma-separated value (one environment variable, <c>ChatRoom__AllowedOrigins</c>)
    /// or an array (<c>ChatRoom__AllowedOrigins__0</c>, <c>__1</c>, …).
    /// </remarks>
    public IList<string> AllowedOrigins { get; } = [];
}
