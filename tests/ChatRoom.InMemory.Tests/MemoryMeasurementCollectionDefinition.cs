namespace ChatRoom.InMemory.Tests;

/// <summary>Tests that measure the process's managed heap: nothing else runs beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollectionDefinition
{
    public const string Name = "Memory measurement";
}
