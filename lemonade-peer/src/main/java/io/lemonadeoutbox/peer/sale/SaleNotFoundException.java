package io.lemonadeoutbox.peer.sale;

public class SaleNotFoundException extends RuntimeException {

    public SaleNotFoundException(String saleId) {
        super("no sale with id " + saleId);
    }
}
