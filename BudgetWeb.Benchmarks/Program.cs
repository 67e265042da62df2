// Expense list and summary with 10,000 and 1,000,000 expenses (ExpensesBenchmark), or CSV import (ImportBenchmark), on
// SQLite (the default) or PostgreSQL; or the server's memory per open Summary page (CircuitBenchmark, SQLite). Every scenario is timed through BudgetWeb's services against the same work written
// by hand, in the same run; the last lines (BENCH name value unit) are for scripts, with the same names on every provider.
// Usage: dotnet run -c Release --project BudgetWeb.Benchmarks [-- [--provider sqlite|postgresql] [expenses [rows...] | import [rows] | circuits [tabs]]]
var providerName = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() ?? "sqlite";
BenchProvider? provider = providerName.ToLowerInvariant() switch
{
    "sqlite" => new SqliteBench(),
    "postgresql" or "postgres" => PostgresBench.FromEnvironment(),
    _ => throw new ArgumentException($"Unknown --provider '{providerName}'. Use sqlite or postgresql."),
};
if (provider is null)
{
    Console.Error.WriteLine($"""
        --provider postgresql needs a PostgreSQL server where the benchmark may create and drop its own databases.
        Set {PostgresBench.Variables[0]} (or {PostgresBench.Variables[1]}) to its Npgsql connection string, for example
          export {PostgresBench.Variables[0]}="Host=127.0.0.1;Port=5432;Username=postgres"
        README, "Benchmarks", shows how to start a throw-away cluster for it.
        """);
    return 2;
}

if (provider.Problem() is { } problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}

var numbers = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).ToList();
var databases = new List<BenchDatabase>();
try
{
    if (args.Contains("circuits"))
    {
        await CircuitBenchmark.RunAsync(NewDatabaseAsync, numbers.FirstOrDefault(50));
    }
    else if (args.Contains("import"))
    {
        await ImportBenchmark.RunAsync(NewDatabaseAsync, numbers.FirstOrDefault(100_000));
    }
    else
    {
        await ExpensesBenchmark.RunAsync(provider, NewDatabaseAsync, numbers.Count > 0 ? numbers : [10_000, 1_000_000]);
    }
}
finally
{
    // Dropped whatever happened: on a server of your own, benchmark databases must not pile up.
    foreach (var database in databases)
    {
        await database.DisposeAsync();
    }
}

return 0;

async Task<BenchDatabase> NewDatabaseAsync(string purpose)
{
    var database = await provider.NewDatabaseAsync(purpose);
    databases.Add(database);
    return database;
}
