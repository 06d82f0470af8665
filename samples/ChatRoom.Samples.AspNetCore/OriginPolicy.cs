namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// Stops cross-site WebSocket hijacking on <c>/ws</c> with the rule the Lambda sample applies on <c>$connect</c>
/// (<see cref="OriginRule"/>): the listed origins, or the same origin only; clients without an Origin (wscat, services) are allowed.
/// </summary>
internal sealed class OriginPolicy(IReadOnlyCollection<string> allowedOrigins)
{
    private readonly OriginRule _rule = new(allowedOrigins);

    public bool Allows(HttpRequest request) => _rule.Allows(request.Headers.Origin.ToString(), request.Host.Value, request.Scheme);
}
