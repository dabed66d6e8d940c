package io.lemonadeoutbox.peer.sale;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** What goes on the wire as the record's value; the contract names its type in the header, not in the JSON. */
public sealed interface SalePayload permits LemonadeSold, SaleRefunded {

    String saleId();

    /** The {@code axon-message-type} header: lemonade-app's class name, which the contract fixed. */
    @JsonIgnore
    String contractType();
}
