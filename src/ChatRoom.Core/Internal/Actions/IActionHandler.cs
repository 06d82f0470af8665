namespace ChatRoom.Internal;

/// <summary>Handles one protocol action.</summary>
internal interface IActionHandler
{
    /// <summary>Gets the lowercase action name it handles.</summary>
    string Action { get; }

    /// <summary>Gets whether the sender's registered connection must be loaded first.</summary>
    bool NeedsConnection { get; }

    /// <summary>Handles the frame; client errors are thrown as <see cref="ChatProtocolException"/>.</summary>
    Task HandleAsync(ActionContext context);
}
