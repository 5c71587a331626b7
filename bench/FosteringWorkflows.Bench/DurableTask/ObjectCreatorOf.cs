using DurableTask.Core;

/// <summary>Registers an orchestration or activity under a name with a factory, so each gets the bench's probe and tables.</summary>
internal sealed class ObjectCreatorOf<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public ObjectCreatorOf(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
    }

    public override T Create() => _create();
}
