namespace ChatRoom.Samples.Lambda.Page;

/// <summary>One file of the page, ready to answer: its body as API Gateway wants it and its strong ETag, computed once.</summary>
/// <param name="ContentType">The Content-Type header.</param>
/// <param name="Body">The UTF-8 text, or base64 when <paramref name="IsBase64Encoded"/>.</param>
/// <param name="IsBase64Encoded">Whether <paramref name="Body"/> is base64 (files that are not text).</param>
/// <param name="ETag">The strong entity tag, quoted, from the content's SHA-256.</param>
internal sealed record PageAsset(string ContentType, string Body, bool IsBase64Encoded, string ETag);
