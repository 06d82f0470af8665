using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ChatRoom.Samples.Lambda.Page;

/// <summary>
/// What the page function tells the page in its config answer, from the <c>ChatRoom:Page</c> section (on AWS the
/// environment variables <c>ChatRoom__Page__WebSocketUrl</c>, <c>__Tokens</c>, <c>__TokenRequired</c> and
/// <c>__KeepAliveSeconds</c>). It never holds the signing key: the page function has none.
/// </summary>
public sealed class PageOptions
{
    /// <summary>The configuration section: <c>ChatRoom:Page</c>.</summary>
    public const string SectionName = "ChatRoom:Page";

    /// <summary>The keep-alive on API Gateway: 5 minutes beats its 10-minute idle close with one ping to spare, and costs 12 invocations per idle client per hour.</summary>
    public const int DefaultKeepAliveSeconds = 300;

    /// <summary>
    /// Gets or sets the WebSocket URL the page connects to, e.g. <c>wss://{api}.execute-api.{region}.amazonaws.com/{stage}</c>.
    /// A path such as <c>/local</c> is resolved against the request's host (<c>ws://</c> behind http, <c>wss://</c>
    /// behind https). Empty: the page uses same-origin <c>/ws</c>.
    /// </summary>
    public string? WebSocketUrl { get; set; }

    /// <summary>Gets or sets a value indicating whether the chat checks signed tokens.</summary>
    public bool Tokens { get; set; }

    /// <summary>Gets or sets a value indicating whether the chat refuses clients without a token; only meaningful with <see cref="Tokens"/>.</summary>
    public bool TokenRequired { get; set; }

    /// <summary>Gets or sets how long the page's socket may stay silent before it pings, under API Gateway's 10-minute idle close. Default <see cref="DefaultKeepAliveSeconds"/>.</summary>
    public int KeepAliveSeconds { get; set; } = DefaultKeepAliveSeconds;

    /// <summary>Reads the options from the <c>ChatRoom:Page</c> section of a root configuration.</summary>
    /// <param name="configuration">The root configuration, e.g. <see cref="LambdaServices.FromEnvironment"/>.</param>
    /// <returns>The options, validated.</returns>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names it.</exception>
    public static PageOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SectionName).Get<PageOptions>() ?? new PageOptions();
        options.Validate();
        return options;
    }

    /// <summary>Checks the options and names the setting that is wrong.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        if (KeepAliveSeconds is < 1 or >= 600)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"ChatRoom:Page:KeepAliveSeconds must be between 1 and 599 (API Gateway closes a socket idle for 10 minutes), not {KeepAliveSeconds}."));
        }

        if (!string.IsNullOrEmpty(WebSocketUrl) && !WebSocketUrl.StartsWith('/')
            && !(Uri.TryCreate(WebSocketUrl, UriKind.Absolute, out var url) && url.Scheme is "ws" or "wss"))
        {
            throw new InvalidOperationException($"ChatRoom:Page:WebSocketUrl must be a ws:// or wss:// URL, or a path such as /local, not '{WebSocketUrl}'.");
        }
    }
}
