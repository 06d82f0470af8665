namespace ChatRoom.Samples.Lambda.Page;

/// <summary>The answer to an HTTP API event (payload format 2.0): API Gateway sends it on as the HTTP response.</summary>
internal sealed class HttpApiResponse
{
    public int StatusCode { get; init; }

    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the body: text, or base64 when <see cref="IsBase64Encoded"/>; empty for HEAD and 304.</summary>
    public string Body { get; init; } = string.Empty;

    public bool IsBase64Encoded { get; init; }
}
