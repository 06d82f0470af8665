namespace ChatRoom.Client.Internal;

/// <summary>A send waiting for its acknowledgement; every attempt carries the same client message id.</summary>
/// <remarks>Guarded by the client's lock.</remarks>
internal sealed class PendingSend(string room, string text, string clientMessageId) : IDisposable
{
    public string Room { get; } = room;

    public string Text { get; } = text;

    public string ClientMessageId { get; } = clientMessageId;

    public TaskCompletionSource<ChatMessageEvent> Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets how many times it was sent.</summary>
    public int Attempts { get; set; }

    /// <summary>Gets or sets how many <c>unavailable</c> answers in a row it got (for the backoff).</summary>
    public int Unavailable { get; set; }

    /// <summary>The acknowledgement timeout, or the backoff before a resend after <c>unavailable</c>.</summary>
    public ITimer? Timer { get; set; }

    public void Dispose() => Timer?.Dispose();
}
