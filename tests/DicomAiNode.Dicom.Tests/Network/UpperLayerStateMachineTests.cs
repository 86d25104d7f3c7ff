using DicomAiNode.Dicom.Network;

namespace DicomAiNode.Dicom.Tests.Network;

public sealed class UpperLayerStateMachineTests
{
    // PS3.8 Table 9-10 as printed in the standard: one line per event, columns Sta1..Sta13, "-" for a blank cell.
    // Transcribed independently of StateTransitionTable so that a typo in either shows up as a failing cell.
    private static readonly string[] StandardTable =
    [
        "Evt1  AE-1 -    -    -    -    -    -    -    -    -     -     -     -",
        "Evt2  -    -    -    AE-2 -    -    -    -    -    -     -     -     -",
        "Evt3  -    AA-1 AA-8 -    AE-3 AA-8 AA-8 AA-8 AA-8 AA-8  AA-8  AA-8  AA-6",
        "Evt4  -    AA-1 AA-8 -    AE-4 AA-8 AA-8 AA-8 AA-8 AA-8  AA-8  AA-8  AA-6",
        "Evt5  AE-5 -    -    -    -    -    -    -    -    -     -     -     -",
        "Evt6  -    AE-6 AA-8 -    AA-8 AA-8 AA-8 AA-8 AA-8 AA-8  AA-8  AA-8  AA-7",
        "Evt7  -    -    AE-7 -    -    -    -    -    -    -     -     -     -",
        "Evt8  -    -    AE-8 -    -    -    -    -    -    -     -     -     -",
        "Evt9  -    -    -    -    -    DT-1 -    AR-7 -    -     -     -     -",
        "Evt10 -    AA-1 AA-8 -    AA-8 DT-2 AR-6 AA-8 AA-8 AA-8  AA-8  AA-8  AA-6",
        "Evt11 -    -    -    -    -    AR-1 -    -    -    -     -     -     -",
        "Evt12 -    AA-1 AA-8 -    AA-8 AR-2 AR-8 AA-8 AA-8 AA-8  AA-8  AA-8  AA-6",
        "Evt13 -    AA-1 AA-8 -    AA-8 AA-8 AR-3 AA-8 AA-8 AR-10 AR-3  AA-8  AA-6",
        "Evt14 -    -    -    -    -    -    -    AR-4 AR-9 -     -     AR-4  -",
        "Evt15 -    -    AA-1 AA-2 AA-1 AA-1 AA-1 AA-1 AA-1 AA-1  AA-1  AA-1  -",
        "Evt16 -    AA-2 AA-3 -    AA-3 AA-3 AA-3 AA-3 AA-3 AA-3  AA-3  AA-3  AA-2",
        "Evt17 -    AA-5 AA-4 AA-4 AA-4 AA-4 AA-4 AA-4 AA-4 AA-4  AA-4  AA-4  AR-5",
        "Evt18 -    AA-2 -    -    -    -    -    -    -    -     -     -     AA-2",
        "Evt19 -    AA-1 AA-8 -    AA-8 AA-8 AA-8 AA-8 AA-8 AA-8  AA-8  AA-8  AA-7",
    ];

    // The next state each action names (PS3.8 Tables 9-6 to 9-9); AE-6 and AR-8 depend on the situation.
    private static readonly Dictionary<string, int> NextState = new()
    {
        ["AE-1"] = 4, ["AE-2"] = 5, ["AE-3"] = 6, ["AE-4"] = 1, ["AE-5"] = 2, ["AE-7"] = 6, ["AE-8"] = 13,
        ["DT-1"] = 6, ["DT-2"] = 6,
        ["AR-1"] = 7, ["AR-2"] = 8, ["AR-3"] = 1, ["AR-4"] = 13, ["AR-5"] = 1, ["AR-6"] = 7, ["AR-7"] = 8,
        ["AR-9"] = 11, ["AR-10"] = 12,
        ["AA-1"] = 13, ["AA-2"] = 1, ["AA-3"] = 1, ["AA-4"] = 1, ["AA-5"] = 1, ["AA-6"] = 13, ["AA-7"] = 13, ["AA-8"] = 13,
    };

    public static TheoryData<int, int, string> EveryCell()
    {
        var data = new TheoryData<int, int, string>();
        foreach (var line in StandardTable)
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int evt = int.Parse(cells[0][3..]);
            for (int sta = 1; sta <= 13; sta++)
            {
                data.Add(evt, sta, cells[sta]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCell))]
    public void Every_state_and_event_pair_follows_PS3_8_table_9_10(int evt, int sta, string expected)
    {
        Assert.Equal(247, EveryCell().Count);
        var machine = new UpperLayerStateMachine(isRequestor: false, (AssociationState)sta, artimRunning: sta is 2 or 13);
        if (expected == "-")
        {
            var error = Assert.Throws<InvalidOperationException>(() => machine.Handle((AssociationEvent)evt));
            Assert.Contains($"Evt{evt}", error.Message, StringComparison.Ordinal);
            Assert.Equal((AssociationState)sta, machine.State);
            return;
        }
        var transition = machine.Handle((AssociationEvent)evt);
        Assert.Equal(expected.Replace("-", "", StringComparison.Ordinal), transition.Action.ToString());
        int next = expected switch
        {
            "AE-6" => 3,
            "AR-8" => 10,
            _ => NextState[expected],
        };
        Assert.Equal((AssociationState)next, transition.To);
        Assert.Equal((AssociationState)next, machine.State);
        AssertEffectsMatchTheStandardsSentence(expected, transition.Effects, machine);
    }

    private static void AssertEffectsMatchTheStandardsSentence(string action, UpperLayerEffects effects, UpperLayerStateMachine machine)
    {
        switch (action)
        {
            case "AA-1":
                Assert.True(effects.HasFlag(UpperLayerEffects.SendAbortAsUser));
                Assert.True(machine.ArtimRunning);
                break;
            case "AA-2":
                Assert.True(effects.HasFlag(UpperLayerEffects.CloseTransport));
                Assert.False(machine.ArtimRunning);
                break;
            case "AA-7":
                Assert.Equal(UpperLayerEffects.SendAbortAsProvider, effects);
                break;
            case "AA-8":
                Assert.True(effects.HasFlag(UpperLayerEffects.SendAbortAsProvider) && effects.HasFlag(UpperLayerEffects.IndicateProviderAbort));
                Assert.True(machine.ArtimRunning);
                break;
            case "AE-5":
            case "AE-8":
            case "AR-4":
                Assert.True(machine.ArtimRunning, $"{action} starts ARTIM");
                break;
            case "AR-5":
            case "AA-5":
                Assert.False(machine.ArtimRunning, $"{action} stops ARTIM");
                break;
            case "AA-6":
                Assert.Equal(UpperLayerEffects.IgnorePdu, effects);
                break;
            case "DT-1":
            case "AR-7":
                Assert.Equal(UpperLayerEffects.SendDataTransfer, effects);
                break;
            case "AR-3":
            case "AE-4":
                Assert.True(effects.HasFlag(UpperLayerEffects.CloseTransport));
                break;
        }
    }

    [Fact]
    public void AE6_rejects_and_starts_ARTIM_when_the_request_is_not_acceptable_to_the_provider()
    {
        var machine = new UpperLayerStateMachine(isRequestor: false, AssociationState.Sta2, artimRunning: true);
        var t = machine.Handle(AssociationEvent.Evt6, associateRequestAcceptable: false);
        Assert.Equal(AssociationAction.AE6, t.Action);
        Assert.Equal(AssociationState.Sta13, t.To);
        Assert.True(t.Effects.HasFlag(UpperLayerEffects.SendAssociateReject));
        Assert.True(machine.ArtimRunning);
    }

    [Fact]
    public void AR8_release_collision_goes_to_Sta9_on_the_requestor_side()
    {
        var machine = new UpperLayerStateMachine(isRequestor: true, AssociationState.Sta7);
        Assert.Equal(AssociationState.Sta9, machine.Handle(AssociationEvent.Evt12).To);
    }

    [Fact]
    public void Release_collision_completes_on_both_sides()
    {
        // PS3.8 §9.2.2: both sides send A-RELEASE-RQ at the same time.
        var requestor = new UpperLayerStateMachine(isRequestor: true, AssociationState.Sta6);
        var acceptor = new UpperLayerStateMachine(isRequestor: false, AssociationState.Sta6);
        requestor.Handle(AssociationEvent.Evt11);
        acceptor.Handle(AssociationEvent.Evt11);
        Assert.Equal(AssociationState.Sta9, requestor.Handle(AssociationEvent.Evt12).To);
        Assert.Equal(AssociationState.Sta10, acceptor.Handle(AssociationEvent.Evt12).To);
        Assert.Equal(AssociationAction.AR9, requestor.Handle(AssociationEvent.Evt14).Action); // requestor answers first → Sta11
        Assert.Equal(AssociationState.Sta12, acceptor.Handle(AssociationEvent.Evt13).To);     // AR-10
        var last = acceptor.Handle(AssociationEvent.Evt14);                                   // AR-4
        Assert.Equal(AssociationState.Sta13, last.To);
        Assert.Equal(AssociationState.Sta1, requestor.Handle(AssociationEvent.Evt13).To);     // AR-3
    }

    [Fact]
    public void A_normal_association_walks_the_acceptor_through_Sta2_Sta3_Sta6_Sta8_Sta13_Sta1()
    {
        var m = new UpperLayerStateMachine(isRequestor: false);
        var path = new[] { AssociationEvent.Evt5, AssociationEvent.Evt6, AssociationEvent.Evt7, AssociationEvent.Evt10, AssociationEvent.Evt9, AssociationEvent.Evt12, AssociationEvent.Evt14, AssociationEvent.Evt17 }
            .Select(e => m.Handle(e).To).ToArray();
        Assert.Equal(new[] { 2, 3, 6, 6, 6, 8, 13, 1 }, path.Select(s => (int)s).ToArray());
        Assert.False(m.ArtimRunning);
    }

    [Fact]
    public void Table_has_exactly_the_cells_of_the_standard()
    {
        int nonBlank = StandardTable.Sum(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Count(c => c != "-"));
        Assert.Equal(nonBlank, StateTransitionTable.All.Count());
    }
}
