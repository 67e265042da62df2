namespace BudgetWeb.Workload;

internal static class WorkloadProgram
{
    // BudgetWeb.Workload crash DATA_FOLDER SEED [STEPS]                       run crash steps until killed (or STEPS done)
    // BudgetWeb.Workload race DATA_FOLDER SEED WRITERS STEPS RESULTS_FILE [--Key=Value ...]
    //                                                                         race writers against another process, on the
    //                                                                         database the settings name (SQLite by default)
    private static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["crash", var folder, var seed, ..]:
                await CrashWorkload.RunAsync(folder, int.Parse(seed), args.Length > 3 ? int.Parse(args[3]) : null);
                return 0;
            case ["race", var folder, var seed, var writers, var steps, var results, .. var settings]:
                await RaceWorkload.RunAsync(folder, int.Parse(seed), int.Parse(writers), int.Parse(steps), results, settings);
                return 0;
            default:
                Console.Error.WriteLine("usage: BudgetWeb.Workload crash DATA_FOLDER SEED [STEPS] | race DATA_FOLDER SEED WRITERS STEPS RESULTS_FILE [--Key=Value ...]");
                return 2;
        }
    }
}
