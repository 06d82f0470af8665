namespace ChatRoom.Core.Tests;

/// <summary>What a <see cref="HeldMessenger"/> does: which connection's sends wait, until when, and which one is gone.</summary>
public sealed class SendHold
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends to this connection wait until <see cref="Release"/>.</summary>
    public string? Target { get; set; }

    /// <summary>Once released, sends to this connection answer <see cref="DeliveryResult.Gone"/>.</summary>
    public string? Gone { get; set; }

    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Released => _released.Task;

    /// <summary>Completes when the first send to <see cref="Target"/> starts waiting.</summary>
    public Task Reached => _reached.Task;

    public void NoteReached() => _reached.TrySetResult();

    public void Release() => _released.TrySetResult();
}
