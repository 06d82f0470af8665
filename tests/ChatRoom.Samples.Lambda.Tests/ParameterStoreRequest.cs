namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>One request to <see cref="ParameterStoreServer"/>: its operation, the parameter asked for, and its signature.</summary>
public sealed record ParameterStoreRequest(string Target, string Name, bool WithDecryption, string Authorization);
