namespace ChatRoom.Internal;

/// <summary>Handles one protocol action.</summary>
internal interface IActionHandler
{
    /// <summary>Gets the lowercase action name it handles.</summary>
    string Action { get; }

    /// <summary>Gets whether the sender's registered connection must be loaded first.</summary>
    bool NeedsConnection { get; }

    /// <summary>Handles the frame.</summary>
    /// <returns>The error the client gets when its frame broke a rule, or <see langword="null"/> once it was handled.</returns>
    /// <remarks>A broken rule is an expected outcome, so it is a value; only a failing store throws.</remarks>
    Task<ChatError?> HandleAsync(ActionContext context);
}
