namespace BudgetWeb.Common;

public enum FailureKind
{
    Validation,
    NotFound,
    Forbidden,
    Duplicate,
    Conflict,
    MissingReference,
    InsufficientFunds,
    Concurrency,
    Busy,
    Cancelled,
    Unexpected,
}

/// <summary>What a service tells a component: a message for the toast, and whether it worked.</summary>
public class Result
{
    protected Result(bool succeeded, string message, FailureKind? failure)
    {
        Succeeded = succeeded;
        Message = message;
        Failure = failure;
    }

    public bool Succeeded { get; }
    public string Message { get; }
    public FailureKind? Failure { get; }

    /// <summary>True for <see cref="Unchanged"/>: the runner then rolls back and records no operation.</summary>
    public bool ChangedNothing { get; private init; }

    public static Result Ok(string message) => new(true, message, null);

    /// <summary>A request that asked for what already is (a rename to the same name): fine, but nothing to record or undo.</summary>
    public static Result Unchanged(string message) => new(true, message, null) { ChangedNothing = true };
    public static Result Fail(FailureKind failure, string message) => new(false, message, failure);
    public static Result<T> Ok<T>(T value, string message) => new(value, true, message, null);
    public static Result<T> Fail<T>(FailureKind failure, string message) => new(default, false, message, failure);

    public override string ToString() => Succeeded ? $"Ok: {Message}" : $"{Failure}: {Message}";
}

public sealed class Result<T> : Result
{
    internal Result(T? value, bool succeeded, string message, FailureKind? failure) : base(succeeded, message, failure) => Value = value;

    /// <summary>Set when <see cref="Result.Succeeded"/>.</summary>
    public T? Value { get; }
}
